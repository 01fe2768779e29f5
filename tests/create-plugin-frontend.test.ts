import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { EXIT_OK, runCreatePlugin, type CliIo } from "../server/src/cli/create-plugin/cli";
import { REPO_ROOT } from "../server/src/platform-env";

/*
 * `npm run create -- --type frontend` and `--type both`: the frontend package
 * is written beside its -common (and -backend), declares itself to the
 * platform's frontend discovery, and type-checks with the web application's
 * settings against the SDK and its own contract.
 */

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Inside the repository (gitignored .data/), so the generated files resolve the workspace's packages. */
async function pluginsFolder(): Promise<string> {
  await mkdir(join(REPO_ROOT, ".data"), { recursive: true });
  const root = await mkdtemp(join(REPO_ROOT, ".data", "create-frontend-"));
  made.push(root);
  await mkdir(join(root, "plugins"));
  return join(root, "plugins");
}

function captureIo(): CliIo & { text: () => string } {
  const lines: string[] = [];
  return {
    stdout: (text) => lines.push(text),
    stderr: (text) => lines.push(text),
    prompter: undefined,
    cwd: REPO_ROOT,
    repoRoot: REPO_ROOT,
    text: () => lines.join(""),
  };
}

async function typecheck(root: string, commonPackage: string, commonDir: string, frontendDir: string): Promise<{ code: number; output: string }> {
  const tsconfig = {
    extends: join(REPO_ROOT, "tsconfig.web.json"),
    compilerOptions: { noEmit: true, paths: { [commonPackage]: [`./${commonDir}/src/index.ts`] } },
    include: [`./${frontendDir}/src/**/*`],
    exclude: [],
  };
  await writeFile(join(root, "tsconfig.generated.json"), JSON.stringify(tsconfig, null, 2));
  const child = Bun.spawn([join(REPO_ROOT, "node_modules", ".bin", "tsc"), "-p", join(root, "tsconfig.generated.json"), "--pretty", "false"], {
    cwd: root,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, output: `${stdout}${stderr}` };
}

describe("npm run create --type frontend", () => {
  test("writes <name>-frontend and its -common; the frontend declares itself and type-checks", async () => {
    const pluginsDir = await pluginsFolder();
    const io = captureIo();
    expect(await runCreatePlugin(["--type", "frontend", "--name", "page-notes", "--yes", "--dir", pluginsDir], io)).toBe(EXIT_OK);
    expect(io.text()).toContain("a frontend needs its contract");
    const frontend = join(pluginsDir, "page-notes-frontend");
    for (const file of ["package.json", "README.md", ".changeset/initial.md", "src/index.tsx", "src/api.ts", "src/items-page.tsx"]) {
      expect({ file, exists: existsSync(join(frontend, file)) }).toEqual({ file, exists: true });
    }
    expect(existsSync(join(pluginsDir, "page-notes-common", "src", "contract.ts"))).toBe(true);
    expect(existsSync(join(pluginsDir, "page-notes-backend"))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(frontend, "package.json"), "utf8")) as { name: string; checkstack: unknown };
    expect(manifest.name).toBe("@checkstack/page-notes-frontend");
    expect(manifest.checkstack).toEqual({ kind: "frontend", pluginId: "page-notes" });

    const checked = await typecheck(join(pluginsDir, ".."), "@checkstack/page-notes-common", "plugins/page-notes-common", "plugins/page-notes-frontend");
    if (checked.code !== 0) throw new Error(`the generated frontend does not type-check:\n${checked.output}`);

    // A second run for the same plugin: the frontend exists now and is refused, nothing written.
    const again = captureIo();
    expect(await runCreatePlugin(["--type", "frontend", "--name", "page-notes", "--yes", "--dir", pluginsDir], again)).not.toBe(EXIT_OK);
    expect(again.text()).toContain("exists already");
  }, 180_000);

  test("--type both writes common, backend and frontend", async () => {
    const pluginsDir = await pluginsFolder();
    const io = captureIo();
    expect(await runCreatePlugin(["--type", "both", "--name", "desk-notes", "--yes", "--dir", pluginsDir], io)).toBe(EXIT_OK);
    for (const dir of ["desk-notes-common", "desk-notes-backend", "desk-notes-frontend"]) {
      expect({ dir, exists: existsSync(join(pluginsDir, dir, "package.json")) }).toEqual({ dir, exists: true });
    }
    expect(existsSync(join(pluginsDir, "desk-notes-backend", "drizzle", "meta", "_journal.json"))).toBe(true);
    expect(io.text()).toContain("its page is at http://localhost:3000/desk-notes");
  }, 180_000);
});
