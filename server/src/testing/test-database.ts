import { afterAll, beforeAll } from "bun:test";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { setUpDeployment } from "../database/deployment-setup";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../database/embedded-postgres";

export interface TestDatabase {
  url: string;
  name: string;
  /** Terminates the database's connections and drops it. Safe to call more than once. */
  drop(): Promise<void>;
}

interface EmbeddedServer {
  handle: EmbeddedPostgresHandle;
  stopWatchdog(): void;
}

let starting: Promise<EmbeddedServer> | undefined;
let running: EmbeddedServer | undefined;

/** Server-level URL usable for CREATE DATABASE: TEST_DATABASE_URL, or one embedded Postgres started lazily once per test process in a temp dir. */
export async function getTestServerUrl(): Promise<string> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return external;
  starting ??= startEmbeddedServer().catch((error: unknown) => {
    starting = undefined;
    throw error;
  });
  return (await starting).handle.connectionString;
}

/** A fresh, empty database on that server, with a unique name. drop() terminates its connections and drops it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = await getTestServerUrl();
  const name = `checkstack_test_${randomBytes(6).toString("hex")}`;
  // template0 is guaranteed empty, and unlike template1 nobody can be connected to it.
  const url = await ownedDatabaseUrl(serverUrl, name);
  let dropped: Promise<void> | undefined;
  return {
    url,
    name,
    drop: () =>
      (dropped ??= withClient(serverUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      })),
  };
}

/** For bun:test files: registers beforeAll/afterAll in the calling file and returns a handle whose .url is set after beforeAll. */
export function useTestDatabase(): { readonly url: string } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  return {
    get url(): string {
      if (!database) throw new Error("useTestDatabase().url is only available once beforeAll has run");
      return database.url;
    },
  };
}

/** Stops the embedded server if this process started one (no-op otherwise). */
export async function stopTestServer(): Promise<void> {
  const pending = starting;
  starting = undefined;
  const server = await pending?.catch(() => undefined);
  if (!server) return;
  running = undefined;
  await server.handle.stop();
  server.stopWatchdog();
}

/** For 'exit' handlers, where nothing asynchronous runs: starts a fast shutdown; the watchdog removes the files. */
export function stopTestServerOnExit(): void {
  if (!running) return;
  try {
    process.kill(running.handle.pid, "SIGINT");
  } catch {
    // Already gone.
  }
}

async function startEmbeddedServer(): Promise<EmbeddedServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "checkstack-test-pg-"));
  try {
    const handle = await startEmbeddedPostgres({ dataDir, persistent: false });
    running = { handle, stopWatchdog: spawnWatchdog(handle) };
    return running;
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * bun test emits no 'exit' event at the end of a run, and a run from another directory skips
 * the root bunfig preload: a detached watchdog stops Postgres and removes its files once this
 * process is gone, however it ended. A normal stopTestServer() dismisses it.
 */
function spawnWatchdog(handle: EmbeddedPostgresHandle): () => void {
  // alive() counts zombies as gone: an orphaned Postgres may wait a while for init to reap it.
  const script = [
    'alive() { if [ -r "/proc/$1/stat" ]; then ! grep -q ") Z " "/proc/$1/stat"; else kill -0 "$1" 2>/dev/null; fi; }',
    'while alive "$1"; do sleep 1; done',
    'kill -INT "$2" 2>/dev/null',
    'i=0; while alive "$2" && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i+1)); done',
    'rm -rf "$3"',
  ].join("\n");
  const watchdog = spawn("sh", ["-c", script, "checkstack-test-pg-watchdog", String(process.pid), String(handle.pid), handle.dataDir], {
    detached: true,
    stdio: "ignore",
  });
  watchdog.unref();
  return () => {
    watchdog.kill("SIGKILL");
  };
}

/**
 * The database is created for, and used as, the platform's non-superuser owner
 * role, as in production: a superuser would bypass row-level security. A
 * TEST_DATABASE_URL whose user cannot create roles gets a plain database
 * instead, used as that user.
 */
async function ownedDatabaseUrl(serverUrl: string, name: string): Promise<string> {
  const password = decodeURIComponent(new URL(serverUrl).password) || randomBytes(12).toString("hex");
  try {
    return (await setUpDeployment({ adminUrl: serverUrl, database: name, ownerPassword: password })).ownerUrl;
  } catch (error) {
    if (!process.env.TEST_DATABASE_URL) throw error;
    await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE template0`));
    return withDatabase(serverUrl, name);
  }
}

async function withClient<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
