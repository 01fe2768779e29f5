import { afterAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "./embedded-postgres";

const MODULE_PATH = join(import.meta.dir, "embedded-postgres.ts");
const SERVER_DIR = join(import.meta.dir, "..", "..");
const TEST_TIMEOUT_MS = 30_000;

const temporaryDirs: string[] = [];
const handles: EmbeddedPostgresHandle[] = [];
const orphans: number[] = [];

afterAll(async () => {
  await Promise.all(handles.map((handle) => handle.stop()));
  await Promise.all(orphans.map(stopOrphan));
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "checkstack-embedded-pg-test-"));
  temporaryDirs.push(dir);
  return dir;
}

async function start(dataDir: string, persistent = true): Promise<EmbeddedPostgresHandle> {
  const handle = await startEmbeddedPostgres({ dataDir, persistent });
  handles.push(handle);
  return handle;
}

async function query<Row extends Record<string, unknown>>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Pids of live processes whose command line mentions `clusterDir`. */
function processesFor(clusterDir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
        return state !== "Z" && readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(clusterDir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function stopOrphan(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  for (let waited = 0; waited < 10_000 && existsSync(`/proc/${pid}`); waited += 50) await Bun.sleep(50);
}

/** Adds read and traverse for others to `dir` and its ancestors where missing; returns the undo. */
async function openToOthers(dir: string): Promise<() => Promise<void>> {
  const changed: Array<{ path: string; mode: number }> = [];
  for (let path = dir; ; path = dirname(path)) {
    const mode = statSync(path).mode & 0o7777;
    if ((mode & 0o005) !== 0o005) {
      changed.push({ path, mode });
      await chmod(path, mode | 0o005);
    }
    if (dirname(path) === path) break;
  }
  return async () => {
    for (const { path, mode } of changed) await chmod(path, mode);
  };
}

function runBun(code: string, env: Record<string, string>, wrapper: string[] = []): { status: number | null; stdout: string; stderr: string } {
  // --no-install: a module that cannot be resolved from the checkout must fail here, not be fetched into a cache.
  const result = spawnSync(wrapper[0] ?? process.execPath, [...wrapper.slice(1), ...(wrapper.length > 0 ? [process.execPath] : []), "--no-install", "-e", code], {
    cwd: SERVER_DIR,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: TEST_TIMEOUT_MS - 5_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("startEmbeddedPostgres", () => {
  let dataDir = "";
  let systemIdentifier = "";
  let password = "";

  test(
    "a fresh start initialises a cluster listening on 127.0.0.1 only",
    async () => {
      dataDir = await temporaryDir();
      const handle = await start(dataDir);

      expect(handle.dataDir).toBe(dataDir);
      expect(existsSync(join(dataDir, "pgdata", "PG_VERSION"))).toBe(true);
      expect(statSync(join(dataDir, "credentials.json")).mode & 0o777).toBe(0o600);
      password = readFileSync(join(dataDir, "credentials.json"), "utf8");

      const [settings] = await query<{ listen_addresses: string; system_identifier: string }>(
        handle.connectionString,
        "SELECT current_setting('listen_addresses') AS listen_addresses, system_identifier::text FROM pg_control_system()",
      );
      expect(settings?.listen_addresses).toBe("127.0.0.1");
      systemIdentifier = settings?.system_identifier ?? "";

      await query(handle.connectionString, "CREATE TABLE survivor (note text); INSERT INTO survivor VALUES ('kept')");
      await handle.stop();
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "a restart reuses the cluster, its password and its data, on a newly probed port",
    async () => {
      const handle = await start(dataDir);

      expect(readFileSync(join(dataDir, "credentials.json"), "utf8")).toBe(password);
      const [row] = await query<{ note: string; system_identifier: string }>(
        handle.connectionString,
        "SELECT note, (SELECT system_identifier::text FROM pg_control_system()) AS system_identifier FROM survivor",
      );
      expect(row?.note).toBe("kept");
      // initdb mints a new system identifier; an unchanged one proves it did not run again.
      expect(row?.system_identifier).toBe(systemIdentifier);
      expect(handle.port).toBeGreaterThan(0);
      await handle.stop();
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "stop leaves no postgres process for the data dir, and a second stop is harmless",
    async () => {
      const handle = await start(dataDir);
      const clusterDir = join(dataDir, "pgdata");
      expect(processesFor(clusterDir)).toContain(handle.pid);

      await handle.stop();
      expect(processesFor(clusterDir)).toEqual([]);
      expect(existsSync(join(clusterDir, "postmaster.pid"))).toBe(false);
      await handle.stop();
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "Postgres left running by a killed previous run is stopped before starting",
    async () => {
      const clusterDir = join(dataDir, "pgdata");
      const orphan = runBun(
        `const { startEmbeddedPostgres } = await import(${JSON.stringify(MODULE_PATH)});
         const handle = await startEmbeddedPostgres({ dataDir: process.env.EP_DATA_DIR });
         console.log(handle.pid);
         process.kill(process.pid, "SIGKILL");`,
        { EP_DATA_DIR: dataDir },
      );
      const orphanPid = Number.parseInt(orphan.stdout, 10);
      orphans.push(orphanPid);
      expect(processesFor(clusterDir)).toContain(orphanPid);

      const handle = await start(dataDir);
      const running = processesFor(clusterDir);
      expect(running).toContain(handle.pid);
      expect(running).not.toContain(orphanPid);
      const [row] = await query<{ note: string }>(handle.connectionString, "SELECT note FROM survivor");
      expect(row?.note).toBe("kept");
      await handle.stop();
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "persistent: false deletes the data dir on stop",
    async () => {
      const dir = join(await temporaryDir(), "ephemeral");
      const handle = await start(dir, false);
      await query(handle.connectionString, "SELECT 1");
      await handle.stop();
      expect(existsSync(dir)).toBe(false);
      expect(processesFor(join(dir, "pgdata"))).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  const unprivileged = unprivilegedRunner();
  test.skipIf(unprivileged === undefined)(
    "works for an ordinary (non-root) user",
    async () => {
      if (!unprivileged) return;
      const home = await temporaryDir();
      await chown(home, unprivileged.uid, unprivileged.gid);
      // An ordinary user runs from a checkout they can read; a clone made by root in a private
      // directory (mktemp -d) is not one, so it is opened to others for this test only.
      const restore = await openToOthers(SERVER_DIR);
      const child = runBun(
        `const { startEmbeddedPostgres } = await import(${JSON.stringify(MODULE_PATH)});
         const { readFileSync } = await import("node:fs");
         const pg = (await import("pg")).default;
         const handle = await startEmbeddedPostgres({ dataDir: process.env.EP_DATA_DIR, persistent: false });
         const client = new pg.Client({ connectionString: handle.connectionString });
         await client.connect();
         const { rows } = await client.query("SELECT current_user AS role");
         await client.end();
         const serverUid = /^Uid:\\s+(\\d+)/m.exec(readFileSync("/proc/" + handle.pid + "/status", "utf8"))?.[1];
         await handle.stop();
         console.log(JSON.stringify({ uid: process.getuid(), serverUid: Number(serverUid), role: rows[0].role }));`,
        { EP_DATA_DIR: join(home, "data"), HOME: home, TMPDIR: home },
        unprivileged.wrapper,
      );
      await restore();
      if (child.status !== 0) throw new Error(`child failed (${child.status}): ${child.stderr}`);
      expect(JSON.parse(child.stdout)).toEqual({ uid: unprivileged.uid, serverUid: unprivileged.uid, role: "postgres" });
      expect(existsSync(join(home, "data"))).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});

/** As root, a way to run a child as `nobody`; not root: undefined, since every other test already runs unprivileged. */
function unprivilegedRunner(): { uid: number; gid: number; wrapper: string[] } | undefined {
  if (process.getuid?.() !== 0) {
    console.info("non-root test skipped: not running as root, so the other tests already run as an ordinary user");
    return undefined;
  }
  const uid = Number.parseInt(spawnSync("id", ["-u", "nobody"], { encoding: "utf8" }).stdout, 10);
  const gid = Number.parseInt(spawnSync("id", ["-g", "nobody"], { encoding: "utf8" }).stdout, 10);
  const setpriv = spawnSync("setpriv", ["--version"]).status === 0;
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || !setpriv) {
    console.warn("non-root test skipped: running as root, but there is no `nobody` user or no setpriv to switch to it");
    return undefined;
  }
  return { uid, gid, wrapper: ["setpriv", `--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "--"] };
}
