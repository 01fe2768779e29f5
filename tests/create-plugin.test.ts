import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import pg from "pg";
import { getTestServerUrl, useTestDatabase } from "../server/src/testing/test-database";
import { newSecretKey, usePlatforms } from "./support/platform-process";
import { REPO_ROOT } from "../server/src/platform-env";
import { runCreatePlugin, type CliIo } from "../server/src/cli/create-plugin/cli";
import { copyRepository, type RepoCopy } from "./support/temp-repo-copy";

/**
 * `npm run create` as a new user meets it, in a copy of the repository (see
 * support/temp-repo-copy.ts for how the copy resolves packages without a network):
 * generate, link (what `npm install` does for workspaces), typecheck, lint,
 * run the generated tests, regenerate the migration, and boot the platform with it.
 */

// Before useTestDatabase: bun runs afterAll hooks in registration order, and platforms must stop before their database is dropped.
const platforms = usePlatforms("all");
const database = useTestDatabase();

const BIN = join(REPO_ROOT, "node_modules", ".bin");
const NAME = "status-notes";

let copy: RepoCopy;

beforeAll(async () => {
  copy = await copyRepository(REPO_ROOT);
  await copy.linkWorkspaces();
});

afterAll(async () => {
  await copy?.remove();
});

interface Ran {
  code: number;
  output: string;
}

async function run(command: string[], cwd: string, env: Record<string, string> = {}): Promise<Ran> {
  const child = Bun.spawn(command, { cwd, env: { ...process.env, ...env }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, output: `${stdout}${stderr}` };
}

/** Fails with the command's output, which is what one needs to see when a generated plugin breaks. */
function expectSuccess(result: Ran, what: string): void {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}:\n${result.output}`);
}

/** Every path under dir, files and folders: "nothing was written" means this does not change. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => !path.split("/").includes("node_modules"))
    .sort();
}

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    prompter: undefined,
    cwd: copy.root,
    repoRoot: copy.root,
  };
}

describe("npm run create, in a copy of the repository", () => {
  test(
    "--type backend creates the backend and its -common; they typecheck, lint, pass their tests and match their migration",
    async () => {
      const cli = join(copy.root, "server", "src", "cli", "create-plugin", "main.ts");
      const args = ["--type", "backend", "--name", NAME, "--description", "Notes on status", "--yes", "--dir", copy.pluginsDir];
      const created = await run([join(BIN, "bun"), cli, ...args], copy.root);
      expectSuccess(created, "npm run create");
      expect(created.output).toContain("a backend needs its contract");

      const backend = join(copy.pluginsDir, `${NAME}-backend`);
      const common = join(copy.pluginsDir, `${NAME}-common`);
      for (const file of [".changeset/initial.md", "drizzle.config.ts", "package.json", "tsconfig.json", "README.md", "src/index.ts", "src/router.ts", "src/service.ts", "src/schema.ts", "src/router.test.ts", "src/service.test.ts", "src/index.test.ts", "drizzle/meta/_journal.json"]) {
        expect(existsSync(join(backend, file))).toBe(true);
      }
      for (const file of ["package.json", "src/access.ts", "src/contract.ts", "src/schemas.ts", "src/index.ts"]) {
        expect(existsSync(join(common, file))).toBe(true);
      }
      const migrations = readdirSync(join(backend, "drizzle")).filter((file) => file.endsWith(".sql"));
      expect(migrations).toEqual(["0000_status_notes.sql"]);
      expect(readFileSync(join(backend, "drizzle", migrations[0] ?? ""), "utf8")).toContain('CREATE TABLE "status_notes"');
      expect(readdirSync(copy.pluginsDir).filter((entry) => entry.startsWith("."))).toEqual([]);

      // --type common first, --type backend later: the backend is written against the -common already there.
      const later = "alert-log";
      expectSuccess(await run([join(BIN, "bun"), cli, "--type", "common", "--name", later, "--yes", "--dir", copy.pluginsDir], copy.root), "--type common");
      const second = await run([join(BIN, "bun"), cli, "--type", "backend", "--name", later, "--yes", "--dir", copy.pluginsDir], copy.root);
      expectSuccess(second, "--type backend over an existing -common");
      expect(second.output).toContain(`using the existing ${later}-common`);

      // What `npm install` at the root does for the new workspaces.
      expect(await copy.linkWorkspaces()).toEqual(expect.arrayContaining([`@checkstack/${NAME}-backend`, `@checkstack/${NAME}-common`, `@checkstack/${later}-backend`]));

      const testServer = await getTestServerUrl();
      const [typecheckBackend, typecheckCommon, typecheckLater, lint, tests, drizzle] = await Promise.all([
        run([join(BIN, "tsc"), "-p", "tsconfig.json", "--noEmit"], backend),
        run([join(BIN, "tsc"), "-p", "tsconfig.json", "--noEmit"], common),
        run([join(BIN, "tsc"), "-p", "tsconfig.json", "--noEmit"], join(copy.pluginsDir, `${later}-backend`)),
        run([join(BIN, "eslint"), relative(copy.root, backend), relative(copy.root, common)], copy.root),
        run([join(BIN, "bun"), "test", relative(copy.root, backend)], copy.root, { TEST_DATABASE_URL: testServer }),
        run([join(BIN, "drizzle-kit"), "generate"], backend),
      ]);
      expectSuccess(typecheckBackend, "tsc in the backend");
      expectSuccess(typecheckCommon, "tsc in the common package");
      expectSuccess(typecheckLater, "tsc in a backend generated after its -common");
      expectSuccess(lint, "eslint");
      expectSuccess(tests, "bun test");
      expect(tests.output).toMatch(/\b1[0-9] pass\b/);
      expect(tests.output).toContain(" 0 fail");
      // The generated migration and snapshot agree with schema.ts: a second generate finds nothing to do.
      expectSuccess(drizzle, "drizzle-kit generate");
      expect(drizzle.output).toContain("No schema changes");
    },
    240_000,
  );

  test(
    "the platform loads it: getPublicInfo answers anybody over HTTP, getItems needs a signed-in caller",
    async () => {
      if (!existsSync(join(copy.pluginsDir, `${NAME}-backend`))) throw new Error("needs the plugin generated by the previous test");
      // The copy's plugins folder as the operator's plugins dir: its other plugins are the bundled ones and are skipped.
      const platform = await platforms.start({ databaseUrl: database.url, secretKey: newSecretKey(), env: { CHECKSTACK_PLUGINS_DIR: copy.pluginsDir } });
      // Not /readyz: it also waits for the repository's other plugins, which are not this test's subject.
      const loaded = await platform.waitForLog((line) => line.msg === "plugins loaded", 30_000);
      const failed = loaded["failed"] as Array<{ pluginId: string; error: string }>;
      expect(failed.filter((entry) => entry.pluginId === NAME || entry.pluginId.includes(NAME))).toEqual([]);
      expect(loaded["ready"]).toContain(NAME);

      const info = await platform.call(NAME, "getPublicInfo", {});
      expect(info.status).toBe(200);
      expect(info.body).toEqual({ json: { pluginId: NAME, displayName: "Status Notes", version: "0.1.0" } });
      expect((await platform.call(NAME, "getItems")).status).toBe(401);

      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const tables = await client.query("SELECT 1 FROM information_schema.tables WHERE table_schema = 'plugin_status_notes' AND table_name = 'status_notes'");
        expect(tables.rowCount).toBe(1);
      } finally {
        await client.end();
      }
    },
    45_000,
  );

  test("a name that is malformed, reserved or taken exits non-zero and writes nothing", async () => {
    const before = tree(copy.pluginsDir);
    const refused: Array<[string, string]> = [
      ["Status_Notes", "not a valid plugin name"],
      ["auth", "reserved"],
      ["healthcheck", "reserved"],
      ["myfeature", "exists already"],
      ["notes-backend", "give the bare name"],
      ["-notes", "not a valid plugin name"],
    ];
    for (const [name, message] of refused) {
      const io = captureIo();
      const code = await runCreatePlugin(["--type", "both", `--name=${name}`, "--yes", "--dir", copy.pluginsDir], io);
      expect(code).not.toBe(0);
      expect(io.err.join("")).toContain(message);
      expect(io.out.join("")).not.toContain("Created");
    }
    // The real process, for its exit status and its stderr.
    const spawned = await run([join(BIN, "bun"), join(copy.root, "server/src/cli/create-plugin/main.ts"), "--name", "catalog", "--yes", "--dir", copy.pluginsDir], copy.root);
    expect(spawned.code).toBe(1);
    expect(spawned.output).toContain('"catalog" is reserved');
    expect(tree(copy.pluginsDir)).toEqual(before);
  });

  test("a failing drizzle-kit leaves nothing behind", async () => {
    // Outside any repository, the generated drizzle.config.ts cannot import drizzle-kit: generation fails after staging.
    const outside = await mkdtemp(join(tmpdir(), "checkstack-create-outside-"));
    try {
      const io = captureIo();
      const code = await runCreatePlugin(["--name", "lonely", "--yes", "--dir", outside], io);
      expect(code).toBe(1);
      expect(io.err.join("")).toContain("drizzle-kit generate failed");
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
