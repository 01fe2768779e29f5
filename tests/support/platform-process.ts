import { afterAll, afterEach } from "bun:test";
import { spawn as spawnDetached } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * How long a test waits for a platform to boot (or to fail booting and exit). Boot is CPU-bound
 * (transpiling every plugin, migrations, the web shell on a cold cache) and CI shares two cores
 * with other work, so the bound is generous; it only limits how long a broken boot takes to report.
 */
export const BOOT_BOUND_MS = 240_000;

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BUN = join(REPO_ROOT, "node_modules", ".bin", "bun");

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export interface ExitResult {
  code: number | null;
  signal: string | null;
  /** From the moment stop()/kill9() sent its signal (or from spawn, when the process ended on its own). */
  durationMs: number;
  /** stop() gave up waiting and sent SIGKILL. */
  timedOut: boolean;
}

export interface PlatformOptions {
  /** Omitted: the platform starts its embedded Postgres in its data dir. */
  databaseUrl?: string;
  /** Shared by every process of one test, so they agree on the cluster's key. */
  secretKey: string;
  env?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** 32 random bytes as hex: a valid CHECKSTACK_SECRET_KEY. */
export function newSecretKey(): string {
  return randomBytes(32).toString("hex");
}

// The test runner's own settings must not leak into the platforms it starts.
const SCRUBBED_ENV = /^(PORT|HOST|DATABASE_URL|TEST_DATABASE_URL|LOG_LEVEL|SHUTDOWN_TIMEOUT_MS|SHUTDOWN_DRAIN_MS|DB_POOL_MAX|CHECKSTACK_.*)$/;

export function childEnv(options: PlatformOptions, dataDir: string): Record<string, string> {
  const inherited = Object.entries(process.env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && !SCRUBBED_ENV.test(entry[0]),
  );
  return {
    ...Object.fromEntries(inherited),
    PORT: "0", // the OS picks a free port; the "listening" line says which
    HOST: "127.0.0.1",
    // No load balancer watches test processes: SIGTERM stops them at once unless a test asks for a drain.
    SHUTDOWN_DRAIN_MS: "0",
    CHECKSTACK_DATA_DIR: dataDir,
    CHECKSTACK_SECRET_KEY: options.secretKey,
    // The tests exercise the guide's example plugin (myfeature); production leaves it off.
    CHECKSTACK_EXAMPLE_PLUGINS: "1",
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
}

/**
 * Keeps one line a platform process printed: every line in `output` (for failure messages), and the
 * platform's JSON log lines parsed into `logs`. Anything else (npm's or bun's own lines, an uncaught
 * error) is kept in output only.
 */
export function recordOutputLine(line: string, into: { readonly output: string[]; readonly logs: LogLine[] }): void {
  into.output.push(line);
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === "object" && parsed !== null && "msg" in parsed) into.logs.push(parsed as LogLine);
  } catch {
    // not JSON: output only
  }
}

/** One `bun server/src/main.ts` child, its JSON log, and its teardown. */
export class PlatformProcess {
  readonly logs: LogLine[] = [];
  /** Every output line, JSON or not, for failure messages. */
  readonly output: string[] = [];
  readonly exited: Promise<ExitResult>;
  port = 0;
  private readonly child: Bun.Subprocess<"ignore", "pipe", "pipe">;
  private readonly spawnedAt = performance.now();
  private signalledAt: number | undefined;
  private timedOut = false;
  private exitResult: ExitResult | undefined;
  private readonly waiters = new Set<() => void>();
  private readonly stopWatchdog: () => void;

  private constructor(
    readonly dataDir: string,
    options: PlatformOptions,
  ) {
    this.child = Bun.spawn([BUN, "server/src/main.ts"], {
      cwd: REPO_ROOT,
      env: childEnv(options, dataDir),
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    this.stopWatchdog = spawnWatchdog(this.child.pid, dataDir);
    const drained = Promise.all([this.child.stdout, this.child.stderr].map((stream) => readLines(stream, (line) => this.onLine(line))));
    this.exited = this.child.exited.then(async () => {
      const durationMs = Math.round(performance.now() - (this.signalledAt ?? this.spawnedAt));
      // A grandchild holding the pipes open must not hold up the exit.
      await Promise.race([drained, Bun.sleep(1_000)]);
      const { exitCode, signalCode } = this.child;
      const result: ExitResult = {
        code: exitCode,
        signal: signalCode === null ? null : String(signalCode),
        durationMs,
        timedOut: this.timedOut,
      };
      this.exitResult = result;
      this.notify();
      return result;
    });
  }

  /** Spawns the process and waits for its "listening" line, which names the port. */
  static async start(options: PlatformOptions, started?: Set<PlatformProcess>): Promise<PlatformProcess> {
    const dataDir = await mkdtemp(join(tmpdir(), "checkstack-platform-test-"));
    const platform = new PlatformProcess(dataDir, options);
    started?.add(platform);
    const listening = await platform.waitForLog((line) => line.msg === "listening", BOOT_BOUND_MS);
    platform.port = Number(listening["port"]);
    return platform;
  }

  get pid(): number {
    return this.child.pid;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.exitResult === undefined;
  }

  private onLine(line: string): void {
    recordOutputLine(line, this);
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The last lines of output, for assertion and timeout messages. */
  tail(lines = 40): string {
    return this.output.slice(-lines).join("\n");
  }

  /** Resolves with the first log line matching; rejects on timeout or if the process exits first. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.logs.find(match);
        if (found) finish(() => resolve(found));
        else if (this.exitResult) finish(() => reject(new Error(`platform exited (${this.exitResult?.code}) before the awaited log line:\n${this.tail()}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`awaited log line not seen within ${timeoutMs} ms:\n${this.tail()}`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Polls /readyz until it answers 200. */
  async waitForReady(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    let last = "no answer yet";
    while (performance.now() < deadline) {
      if (!this.running) throw new Error(`platform exited before it was ready:\n${this.tail()}`);
      try {
        const response = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
        last = `${response.status} ${await response.text()}`;
        if (response.status === 200) return;
      } catch (error) {
        last = String(error);
      }
      await Bun.sleep(100);
    }
    throw new Error(`platform not ready within ${timeoutMs} ms (last /readyz: ${last}):\n${this.tail()}`);
  }

  fetch(path: string, init?: RequestInit): Promise<Response> {
    return fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(15_000), ...init });
  }

  /** POSTs `{"json": input}` to /api/<pluginId>/<procedure>, oRPC's RPC protocol. */
  async call(pluginId: string, procedure: string, input?: unknown): Promise<ApiResponse> {
    const response = await this.fetch(`/api/${pluginId}/${procedure}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input === undefined ? {} : { json: input }),
    });
    return parseResponse(response);
  }

  /** For a process expected to end on its own: its exit, or a rejection after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<ExitResult> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`platform still running after ${timeoutMs} ms:\n${this.tail()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `signal` and waits for the exit; after `timeoutMs`, SIGKILL (and timedOut in the result). */
  async stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 15_000): Promise<ExitResult> {
    if (this.exitResult) return this.exitResult;
    this.signalledAt ??= performance.now();
    this.child.kill(signal);
    const timer = setTimeout(() => {
      this.timedOut = true;
      this.child.kill("SIGKILL");
    }, timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL: no shutdown runs. An embedded Postgres is left behind until dispose(). */
  kill9(): Promise<ExitResult> {
    if (this.exitResult) return Promise.resolve(this.exitResult);
    this.signalledAt ??= performance.now();
    this.child.kill("SIGKILL");
    return this.exited;
  }

  /** Ends the process whatever its state, stops any Postgres it left in its data dir, removes the dir. */
  async dispose(): Promise<void> {
    // A process that ended without being asked to is a failure worth seeing, whatever the test asserted.
    if (!this.running && this.signalledAt === undefined) {
      process.stderr.write(`platform process ${this.pid} exited on its own (${JSON.stringify(this.exitResult)}); last output:\n${this.tail(60)}\n`);
    }
    if (this.running) await this.stop("SIGTERM", 10_000);
    await Promise.all(postgresProcessesFor(this.dataDir).map((pid) => stopProcess(pid, "SIGINT")));
    await rm(this.dataDir, { recursive: true, force: true });
    this.stopWatchdog();
  }
}

export async function parseResponse(response: Response): Promise<ApiResponse> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** POSTs an RPC call (`{"json": input}`) to one instance; bounded so a hung instance fails the test, not the run. */
export async function postRpc(instance: PlatformProcess, path: string, input: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const response = await fetch(`${instance.url}/api/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(input === undefined ? {} : { json: input }),
    signal: AbortSignal.timeout(120_000),
  });
  return parseResponse(response);
}

/** "platform ready" rather than /readyz: readiness also reflects bundled plugins other work may be changing. */
export const platformBooted = (instance: PlatformProcess) => instance.waitForLog((line) => line.msg === "platform ready", BOOT_BOUND_MS);

/**
 * Registers an afterEach (default) or afterAll that disposes every platform the
 * returned start() spawned, so a failing test still stops what it started.
 * With "all", call it before useTestDatabase(): bun runs afterAll hooks in
 * registration order, and the platforms must stop before their database is dropped.
 */
export function usePlatforms(scope: "each" | "all" = "each"): { start(options: PlatformOptions): Promise<PlatformProcess> } {
  const started = new Set<PlatformProcess>();
  (scope === "each" ? afterEach : afterAll)(async () => {
    const all = [...started];
    started.clear();
    await Promise.all(all.map((platform) => platform.dispose()));
  });
  return { start: (options) => PlatformProcess.start(options, started) };
}

/** Live (non-zombie) processes whose command line mentions a path inside `dir`: the embedded Postgres. */
export function postgresProcessesFor(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat[stat.lastIndexOf(")") + 2] === "Z") continue;
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (args.some((arg) => arg.startsWith(`${dir}/`)) && args[0]?.includes("postgres")) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

async function stopProcess(pid: number, signal: NodeJS.Signals): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  for (let waited = 0; waited < 10_000; waited += 50) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await Bun.sleep(50);
  }
  process.kill(pid, "SIGKILL");
}

async function readLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of stream) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      onLine(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
    }
  }
  buffer += decoder.decode();
  if (buffer.length > 0) onLine(buffer);
}

/**
 * If the test runner dies without its after-hooks (killed, crashed), a detached
 * shell ends the platform and its embedded Postgres and removes the data dir.
 */
function spawnWatchdog(childPid: number, dataDir: string): () => void {
  const script = [
    'while kill -0 "$1" 2>/dev/null; do sleep 1; done',
    'kill -TERM "$2" 2>/dev/null; sleep 10; kill -KILL "$2" 2>/dev/null',
    'pg=$(head -n1 "$3/postgres/pgdata/postmaster.pid" 2>/dev/null) && kill -INT "$pg" 2>/dev/null && sleep 5',
    'rm -rf "$3"',
  ].join("\n");
  const watchdog = spawnDetached("sh", ["-c", script, "checkstack-platform-watchdog", String(process.pid), String(childPid), dataDir], {
    detached: true,
    stdio: "ignore",
  });
  watchdog.unref();
  return () => void watchdog.kill("SIGKILL");
}
