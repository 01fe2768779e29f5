import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Redis from "ioredis";
import { ensureCommand, freePort, stopChild } from "@checkstack/test-utils";

/**
 * A throwaway redis-server for the strategy's tests: a random port on
 * 127.0.0.1 (and a TLS port with the given certificate), requirepass, an ACL
 * user, no persistence, its own temp directory. Never the machine's service.
 */
export interface RedisTestServer {
  host: string;
  port: number;
  /** Set when started with tls. */
  tlsPort?: number;
  password: string;
  aclUser: { username: string; password: string };
  /** A command as the operator, on the plain port. */
  admin(...args: string[]): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startRedisTestServer(options: { tls?: { cert: string; key: string } } = {}): Promise<RedisTestServer> {
  const redisServer = await ensureCommand("redis-server", "redis-server");
  const dir = await mkdtemp(join(tmpdir(), "checkstack-redis-"));
  const password = "test-requirepass";
  const aclUser = { username: "checker", password: "checker-pw" };
  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : undefined;
  const tlsArgs: string[] = [];
  if (options.tls && tlsPort !== undefined) {
    await Bun.write(join(dir, "cert.pem"), options.tls.cert);
    await Bun.write(join(dir, "key.pem"), options.tls.key);
    tlsArgs.push("--tls-port", String(tlsPort), "--tls-cert-file", join(dir, "cert.pem"), "--tls-key-file", join(dir, "key.pem"), "--tls-auth-clients", "no");
  }
  const child = Bun.spawn(
    [
      redisServer,
      "--bind", "127.0.0.1",
      "--port", String(port),
      "--requirepass", password,
      // Each word separately: redis-server quotes an argument holding spaces as one config value.
      "--user", aclUser.username, "on", `>${aclUser.password}`, "~*", "&*", "+@all",
      "--save", "",
      "--appendonly", "no",
      "--dir", dir,
      "--daemonize", "no",
      ...tlsArgs,
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  // If the test process dies before afterAll, the server must not outlive it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const admin = async (...args: string[]): Promise<unknown> => {
    const client = new Redis({ host: "127.0.0.1", port, password, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 2_000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      const [name, ...rest] = args;
      return await client.call(name ?? "PING", ...rest);
    } finally {
      client.disconnect();
    }
  };
  const stop = async () => {
    await stopChild(child, 10_000);
    process.off("exit", killOnExit);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const deadline = performance.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${await new Response(child.stdout).text()}`);
      if ((await admin("PING").catch(() => undefined)) === "PONG") break;
      if (performance.now() > deadline) throw new Error("redis-server did not answer PING within 30 s");
      await Bun.sleep(50);
    }
    return { host: "127.0.0.1", port, ...(tlsPort === undefined ? {} : { tlsPort }), password, aclUser, admin, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
