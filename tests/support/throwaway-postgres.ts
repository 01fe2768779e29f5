import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, setUpDeployment } from "@checkstack/server/testing";

interface Postmaster {
  binary: string;
  args: string[];
  uid: number;
  gid: number;
}

/** How the library started the postmaster (binary, flags, OS user), read from /proc, to start it the same way again. */
function describePostmaster(pid: number): Postmaster {
  const [binary, ...args] = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter((part) => part.length > 0);
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const idOf = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? process.getuid?.() ?? 0);
  if (!binary) throw new Error(`cannot read the command line of postmaster ${pid}`);
  return { binary, args, uid: idOf("Uid"), gid: idOf("Gid") };
}

/**
 * A PostgreSQL server of the test's own, never the machine's or the suite's
 * shared one: initdb'd by the platform's embedded-Postgres code into a temp
 * dir, then run by this class on a fixed port so the test can stop, restart
 * and cut it while platforms keep their DATABASE_URL.
 */
export class ThrowawayPostgres {
  private process: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly dataDir: string,
    readonly superuserUrl: string,
    /** The platform's owner role on database "checkstack", as a platform would use it. */
    readonly url: string,
    private readonly postmaster: Postmaster,
  ) {}

  static async start(): Promise<ThrowawayPostgres> {
    const dataDir = await mkdtemp(join(tmpdir(), "checkstack-fault-pg-"));
    const handle = await startEmbeddedPostgres({ dataDir, persistent: true });
    try {
      const password = decodeURIComponent(new URL(handle.connectionString).password);
      const { ownerUrl: url } = await setUpDeployment({ adminUrl: handle.connectionString, database: "checkstack", ownerPassword: password });
      const described = describePostmaster(handle.pid);
      const postmaster = { ...described, args: [...described.args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "max_connections=200"] };
      await handle.stop();
      const server = new ThrowawayPostgres(dataDir, handle.connectionString, url, postmaster);
      await server.up();
      return server;
    } catch (error) {
      await handle.stop().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  /** Starts the postmaster and resolves once it accepts connections. */
  async up(): Promise<void> {
    if (this.process) return;
    const { binary, args, uid, gid } = this.postmaster;
    const child = spawn(binary, args, { uid, gid, stdio: ["ignore", "ignore", "pipe"] });
    this.process = child;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    let log = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`throwaway Postgres not ready within 30 s:\n${log}`)), 30_000);
      child.stderr?.on("data", (chunk: Buffer) => {
        log = (log + chunk.toString("utf8")).slice(-4_000);
        if (log.includes("ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`throwaway Postgres exited (${code}) while starting:\n${log}`));
      });
    });
    // Keep draining its log so the pipe never fills.
    child.stderr?.removeAllListeners("data");
    child.stderr?.resume();
  }

  /** Fast shutdown (SIGINT): every connection is cut, as in a restart or a failover. */
  async down(): Promise<void> {
    const child = this.process;
    if (!child) return;
    child.kill("SIGINT");
    const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await this.exited;
    clearTimeout(killer);
    this.process = undefined;
  }

  async restart(): Promise<void> {
    await this.down();
    await this.up();
  }

  /** Terminates every backend whose application_name starts with `prefix`; returns how many. */
  async terminate(prefix: string): Promise<number> {
    const client = new pg.Client({ connectionString: this.superuserUrl });
    client.on("error", () => undefined);
    await client.connect();
    try {
      const result = await client.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1 AND pid <> pg_backend_pid()",
        [`${prefix}%`],
      );
      return result.rowCount ?? 0;
    } finally {
      await client.end();
    }
  }

  async dispose(): Promise<void> {
    await this.down();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
