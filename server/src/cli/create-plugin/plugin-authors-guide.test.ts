/**
 * Compiles every TypeScript sample in docs/plugin-authors-guide.md, so the
 * guide cannot drift from the SDK.
 *
 * The convention for the guide's samples:
 * - Every ```ts (or ```typescript) block is compiled by tsc with the
 *   repository's settings (tsconfig.json), as a module of its own.
 * - So a block is a complete module: it imports what it uses, as a plugin
 *   would (@checkstack/backend-api, @checkstack/common, zod, drizzle-orm,
 *   the example @checkstack/myfeature-common, ...). Partial code is wrapped
 *   in just enough of its context (a createBackendPlugin, a function) to compile.
 * - A block whose first line is `// file: <relative path>.ts` is written to
 *   that path, so later blocks can import it; `<name>-common/src/index.ts`
 *   can also be imported as `@checkstack/<name>-common`. Each path once.
 * - Other blocks become block-<fence line>.ts.
 * - Errors are reported as docs/plugin-authors-guide.md:<line>, the guide's
 *   line of the offending code.
 *
 * The samples are written under .data/ in the repository (gitignored, and
 * excluded from the repository's own tsc and eslint) so that their imports
 * resolve from the workspace's node_modules, and removed afterwards.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../../platform-env";
import { extractSamples, mapCompilerOutput, packagePaths, type Sample } from "./guide-samples";

const GUIDE = "docs/plugin-authors-guide.md";
const TSC = join(REPO_ROOT, "node_modules", ".bin", "tsc");

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function writeSamples(samples: ReadonlyArray<Sample>): Promise<string> {
  await mkdir(join(REPO_ROOT, ".data"), { recursive: true });
  const dir = await mkdtemp(join(REPO_ROOT, ".data", "guide-samples-"));
  made.push(dir);
  for (const sample of samples) {
    await mkdir(dirname(join(dir, sample.path)), { recursive: true });
    await writeFile(join(dir, sample.path), sample.code);
  }
  const tsconfig = {
    extends: join(REPO_ROOT, "tsconfig.json"),
    compilerOptions: { noEmit: true, paths: packagePaths(samples) },
    include: ["./**/*.ts"],
    exclude: [],
  };
  await writeFile(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  return dir;
}

describe("extractSamples", () => {
  const markdown = [
    "# Guide", //                       1
    "```bash", //                       2
    "npm test", //                      3
    "```", //                           4
    "```ts", //                         5
    "// file: notes-common/src/index.ts", // 6
    "export const id = 1;", //          7
    "```", //                           8
    "- a list item:", //                9
    "  ```typescript", //               10
    "  const n: number = 'x';", //      11
    "  ```", //                         12
  ].join("\n");

  test("finds ts blocks, honours // file:, strips list indentation, and maps errors to guide lines", () => {
    const samples = extractSamples(markdown);
    expect(samples.map((sample) => [sample.fenceLine, sample.path])).toEqual([
      [5, "notes-common/src/index.ts"],
      [10, "block-0010.ts"],
    ]);
    expect(samples[1]?.code).toBe("const n: number = 'x';\n");
    expect(packagePaths(samples)).toEqual({ "@checkstack/notes-common": ["./notes-common/src/index.ts"] });
    const output = "block-0010.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.\n";
    expect(mapCompilerOutput(output, samples)).toEqual([{ guideLine: 11, message: "TS2322: Type 'string' is not assignable to type 'number'." }]);
  });

  test("refuses directives that would write outside the samples, duplicates and unclosed blocks", () => {
    expect(() => extractSamples("```ts\n// file: ../escape.ts\n```")).toThrow("relative path");
    expect(() => extractSamples("```ts\n// file: a.ts\n```\n```ts\n// file: a.ts\n```")).toThrow('a second sample for "a.ts"');
    expect(() => extractSamples("```ts\nconst a = 1;")).toThrow("never closed");
  });
});

describe(GUIDE, () => {
  test(
    "every TypeScript sample compiles",
    async () => {
      const samples = extractSamples(readFileSync(join(REPO_ROOT, GUIDE), "utf8"));
      expect(samples.length).toBeGreaterThan(10);
      const dir = await writeSamples(samples);
      const child = Bun.spawn([TSC, "-p", join(dir, "tsconfig.json"), "--pretty", "false"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
      const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
      const problems = mapCompilerOutput(`${stdout}\n${stderr}`, samples).map((problem) =>
        typeof problem === "string" ? problem : `${GUIDE}:${problem.guideLine}: ${problem.message}`,
      );
      if (code !== 0 || problems.length > 0) throw new Error(`samples in ${GUIDE} do not compile:\n${problems.join("\n")}`);
    },
    60_000,
  );
});
