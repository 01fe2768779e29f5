import { createSelfSignedCertificate, type TestCertificate } from "@checkstack/test-utils";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { redisCheckConfigSchema } from "./config";
import { runRedisCheck } from "./redis-strategy";
import { startRedisTestServer, type RedisTestServer } from "./redis-test-server";

let server: RedisTestServer;
let certificate: TestCertificate;

beforeAll(async () => {
  certificate = await createSelfSignedCertificate(30);
  server = await startRedisTestServer({ tls: certificate });
  await server.admin("SET", "health", "ok");
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const context = (timeoutMs = 5_000) => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs });
const config = (input: Record<string, unknown> = {}) =>
  redisCheckConfigSchema.parse({ host: server.host, port: server.port, password: server.password, ...input });

/** Connections of this strategy (by the client name it sets) the server still holds. */
async function checkConnections(): Promise<number> {
  const list = String(await server.admin("CLIENT", "LIST"));
  return list.split("\n").filter((line) => line.includes("name=checkstack-healthcheck")).length;
}

async function waitUntil(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (await condition()) return true;
    await Bun.sleep(25);
  }
  return condition();
}

describe("redis strategy", () => {
  test("PING with the password is healthy, and the connection is closed after", async () => {
    const result = await runRedisCheck(config(), context());
    expect(result.healthy).toBe(true);
    expect(result.message).toBe('PING answered "PONG"');
    expect(result.metadata).toMatchObject({ reply: "PONG" });
    expect(result.metadata?.connectMs).toBeNumber();
    expect(await waitUntil(async () => (await checkConnections()) === 0, 2_000)).toBe(true);
  });

  test("a command with the expected reply is healthy; another reply is not", async () => {
    const ok = await runRedisCheck(config({ command: ["GET", "health"], expectedReply: "ok" }), context());
    expect(ok.healthy).toBe(true);
    const wrong = await runRedisCheck(config({ command: ["GET", "health"], expectedReply: "fine" }), context());
    expect(wrong.healthy).toBe(false);
    expect(wrong.message).toBe('expected reply "fine", got "ok"');
    expect(wrong.metadata?.reply).toBe("ok");
    const missing = await runRedisCheck(config({ command: ["GET", "nothing-here"], expectedReply: "ok" }), context());
    expect(missing.message).toBe('expected reply "ok", got "null"');
  });

  test("an ACL user with username and password works", async () => {
    const result = await runRedisCheck(config({ username: server.aclUser.username, password: server.aclUser.password }), context());
    expect(result.healthy).toBe(true);
  });

  test("a wrong password or none is unhealthy", async () => {
    const wrong = await runRedisCheck(config({ password: "wrong" }), context());
    expect(wrong.healthy).toBe(false);
    expect(wrong.message).toContain("WRONGPASS");
    const none = await runRedisCheck(redisCheckConfigSchema.parse({ host: server.host, port: server.port }), context());
    expect(none.healthy).toBe(false);
    expect(none.message).toContain("NOAUTH");
  });

  test("an error reply is unhealthy", async () => {
    const result = await runRedisCheck(config({ command: ["NOSUCHCOMMAND"] }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toContain("NOSUCHCOMMAND failed: ERR unknown command");
  });

  test("an unreachable server is unhealthy", async () => {
    const result = await runRedisCheck(config({ port: 1 }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toContain("connect to 127.0.0.1:1 failed");
    expect(result.message).toContain("ECONNREFUSED");
  });

  test("a blocking command times out and the connection is closed", async () => {
    const seenBlocked = waitUntil(async () => (await checkConnections()) === 1, 2_000);
    const started = performance.now();
    const result = await runRedisCheck(config({ command: ["BLPOP", "empty-list", "0"] }), context(300));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("timed out after 300 ms");
    expect(await seenBlocked).toBe(true);
    expect(await waitUntil(async () => (await checkConnections()) === 0, 2_000)).toBe(true);
  });
});

describe("redis over TLS", () => {
  const tlsConfig = (input: Record<string, unknown>) => config({ port: server.tlsPort, tls: true, ...input });

  test("a self-signed certificate is refused by default", async () => {
    const result = await runRedisCheck(tlsConfig({}), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toMatch(/self.signed certificate/i);
  });

  test("verifyTls false accepts it and reports it; a trusted CA verifies it", async () => {
    const unverified = await runRedisCheck(tlsConfig({ verifyTls: false }), context());
    expect(unverified.healthy).toBe(true);
    expect(unverified.metadata?.tlsAuthorized).toBe(false);
    const trusted = await runRedisCheck(tlsConfig({ ca: certificate.cert }), context());
    expect(trusted.healthy).toBe(true);
    expect(trusted.metadata?.tlsAuthorized).toBe(true);
  });
});
