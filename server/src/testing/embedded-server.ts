import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../database/embedded-postgres";

/*
 * The Postgres server tests run against: TEST_DATABASE_URL, or one embedded
 * server per test process, started on first use and stopped by the preload
 * (or, failing that, by a watchdog once the process is gone).
 */

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
