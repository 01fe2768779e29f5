import { $, type Subprocess } from "bun";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2";
import { ensureCommand, freePort, stopChild } from "@checkstack/test-utils";

/**
 * A throwaway MariaDB server for the strategy's tests: its own data directory
 * (mariadb-install-db) in a temp folder, its own socket and a random port on
 * 127.0.0.1, and a user made for the test. Never the machine's service.
 */
export interface MariadbTestServer {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Runs SQL as root over the server's socket, as an operator would. */
  admin(sql: string): Promise<unknown[]>;
  stop(): Promise<void>;
}

export interface MariadbTestServerOptions {
  tls?: { cert: string; key: string };
}

function runAs(): string[] {
  // mariadbd refuses to run as root unless told to; anyone else runs it as themselves.
  return process.getuid?.() === 0 ? ["--user=root"] : [];
}

async function adminQuery(socketPath: string, sql: string): Promise<unknown[]> {
  const connection = mysql.createConnection({ socketPath, user: "root", connectTimeout: 2_000 });
  connection.on("error", () => undefined);
  try {
    const [rows] = await connection.promise().query(sql);
    return Array.isArray(rows) ? rows : [rows];
  } finally {
    connection.destroy();
  }
}

async function waitUntilReady(socketPath: string, child: Subprocess, errorLog: string, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}: ${await readFile(errorLog, "utf8").catch(() => "")}`);
    try {
      await adminQuery(socketPath, "SELECT 1");
      return;
    } catch (error) {
      if (performance.now() > deadline) throw new Error(`mariadbd did not accept connections within ${ms} ms: ${String(error)}`);
    }
    await Bun.sleep(100);
  }
}

export async function startMariadbTestServer(options: MariadbTestServerOptions = {}): Promise<MariadbTestServer> {
  const mariadbd = await ensureCommand("mariadbd", "mariadb-server");
  const installDb = await ensureCommand("mariadb-install-db", "mariadb-server");
  const dir = await mkdtemp(join(tmpdir(), "checkstack-mariadb-"));
  const dataDir = join(dir, "data");
  const socketPath = join(dir, "mariadb.sock");
  const errorLog = join(dir, "error.log");
  // Small files: the default redo log and system tablespace would take ~100 MB per test run.
  const sizing = ["--innodb-log-file-size=8M", "--innodb-buffer-pool-size=16M", "--innodb-data-file-path=ibdata1:12M:autoextend"];
  let child: Subprocess | undefined;
  const killOnExit = () => child?.kill("SIGKILL");
  try {
    await $`${installDb} --no-defaults --datadir=${dataDir} --auth-root-authentication-method=normal --skip-test-db ${runAs()} ${sizing}`.quiet();
    const port = await freePort();
    if (options.tls) {
      await Bun.write(join(dir, "cert.pem"), options.tls.cert);
      await Bun.write(join(dir, "key.pem"), options.tls.key);
    }
    const tlsArgs = options.tls ? [`--ssl-cert=${join(dir, "cert.pem")}`, `--ssl-key=${join(dir, "key.pem")}`] : [];
    child = Bun.spawn(
      [
        mariadbd,
        "--no-defaults",
        `--datadir=${dataDir}`,
        `--socket=${socketPath}`,
        `--port=${port}`,
        "--bind-address=127.0.0.1",
        `--pid-file=${join(dir, "mariadbd.pid")}`,
        `--log-error=${errorLog}`,
        "--skip-log-bin",
        "--performance-schema=OFF",
        ...sizing,
        ...tlsArgs,
        ...runAs(),
      ],
      { stdout: "ignore", stderr: "ignore" },
    );
    // If the test process dies before afterAll, the server must not outlive it.
    process.once("exit", killOnExit);
    await waitUntilReady(socketPath, child, errorLog, 60_000);
    const user = "checker";
    const password = "checker-pw";
    const database = "checkdb";
    await adminQuery(socketPath, `CREATE DATABASE ${database}`);
    await adminQuery(socketPath, `CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await adminQuery(socketPath, `GRANT SELECT, INSERT, UPDATE, CREATE ON ${database}.* TO '${user}'@'%'`);
    const running = child;
    return {
      host: "127.0.0.1",
      port,
      user,
      password,
      database,
      admin: (sql) => adminQuery(socketPath, sql),
      stop: async () => {
        await stopChild(running, 30_000);
        process.off("exit", killOnExit);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await stopChild(child, 30_000);
    process.off("exit", killOnExit);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
