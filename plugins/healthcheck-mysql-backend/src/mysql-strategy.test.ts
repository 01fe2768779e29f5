import { createSelfSignedCertificate, type TestCertificate } from "@checkstack/test-utils";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mysqlCheckConfigSchema } from "./config";
import { startMariadbTestServer, type MariadbTestServer } from "./mariadb-test-server";
import { runMysqlCheck } from "./mysql-strategy";

let server: MariadbTestServer;
let certificate: TestCertificate;

beforeAll(async () => {
  certificate = await createSelfSignedCertificate(30);
  server = await startMariadbTestServer({ tls: certificate });
  await server.admin(`CREATE TABLE ${server.database}.numbers (n INT PRIMARY KEY)`);
  await server.admin(`INSERT INTO ${server.database}.numbers VALUES ${Array.from({ length: 12 }, (_, i) => `(${i + 1})`).join(",")}`);
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

const context = (timeoutMs = 10_000) => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs });

function hostConfig(overrides: Record<string, unknown> = {}) {
  return mysqlCheckConfigSchema.parse({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: server.database,
    ...overrides,
  });
}

async function runningSleeps(): Promise<number> {
  const rows = await server.admin("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(%'");
  return Number((rows[0] as { n: number | string }).n);
}

async function waitUntil(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (await condition()) return true;
    await Bun.sleep(25);
  }
  return condition();
}

describe("mysql strategy", () => {
  test("SELECT 1 with host, user and password is healthy", async () => {
    const result = await runMysqlCheck(hostConfig(), context());
    expect(result.healthy).toBe(true);
    expect(result.message).toBe("query returned 1 row");
    expect(result.metadata).toMatchObject({ rowCount: 1, columns: ["1"], rows: [{ "1": 1 }] });
    expect(result.metadata?.connectMs).toBeNumber();
  });

  test("a connection string works too, with an expected first value", async () => {
    const url = `mysql://${server.user}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/${server.database}`;
    const result = await runMysqlCheck(
      mysqlCheckConfigSchema.parse({ connectionString: url, query: "SELECT 'ok' AS status, NOW() AS at", expectedFirstValue: "ok" }),
      context(),
    );
    expect(result.healthy).toBe(true);
    const rows = result.metadata?.rows as Array<Record<string, unknown>>;
    expect(rows[0]?.status).toBe("ok");
    expect(rows[0]?.at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  test("checks the row count and keeps only the first 10 rows", async () => {
    const query = "SELECT n FROM numbers ORDER BY n";
    const ok = await runMysqlCheck(hostConfig({ query, expectedRowCount: 12 }), context());
    expect(ok.healthy).toBe(true);
    expect(ok.metadata?.rowCount).toBe(12);
    expect(ok.metadata?.rows).toHaveLength(10);
    const wrong = await runMysqlCheck(hostConfig({ query, expectedRowCount: 3 }), context());
    expect(wrong.healthy).toBe(false);
    expect(wrong.message).toBe("expected 3 rows, got 12");
  });

  test("an unexpected first value is unhealthy", async () => {
    const result = await runMysqlCheck(hostConfig({ query: "SELECT 41", expectedFirstValue: 42 }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("expected first value 42, got 41");
  });

  test("a wrong password is unhealthy with the server's reason", async () => {
    const result = await runMysqlCheck(hostConfig({ password: "wrong" }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toStartWith(`connect to checker@127.0.0.1:${server.port}/checkdb failed: Access denied for user 'checker'`);
    expect(result.message).toContain("ER_ACCESS_DENIED_ERROR");
  });

  test("a bad query is unhealthy with the server's reason", async () => {
    const result = await runMysqlCheck(hostConfig({ query: "SELECT * FROM no_such_table" }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("query failed: Table 'checkdb.no_such_table' doesn't exist (ER_NO_SUCH_TABLE, SQLSTATE 42S02)");
    expect(result.metadata?.connectMs).toBeNumber();
  });

  test("an unreachable server is unhealthy", async () => {
    const result = await runMysqlCheck(hostConfig({ port: 1 }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toContain("connect to checker@127.0.0.1:1/checkdb failed");
    expect(result.message).toContain("ECONNREFUSED");
  });

  test("times out a slow query, and the server stops running it", async () => {
    const seenRunning = waitUntil(async () => (await runningSleeps()) > 0, 2_000);
    const started = performance.now();
    const result = await runMysqlCheck(hostConfig({ query: "SELECT SLEEP(30)" }), context(500));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("timed out after 500 ms");
    expect(await seenRunning).toBe(true);
    expect(await waitUntil(async () => (await runningSleeps()) === 0, 3_000)).toBe(true);
  });
});

describe("mysql over TLS", () => {
  test("ssl require encrypts without verifying", async () => {
    const result = await runMysqlCheck(hostConfig({ ssl: "require", query: "SHOW STATUS LIKE 'Ssl_version'" }), context());
    expect(result.healthy).toBe(true);
    const rows = result.metadata?.rows as Array<Record<string, unknown>>;
    expect(String(rows[0]?.Value)).toStartWith("TLS");
  });

  test("ssl verify-full refuses a self-signed certificate, and accepts it with the CA given", async () => {
    const refused = await runMysqlCheck(hostConfig({ ssl: "verify-full" }), context());
    expect(refused.healthy).toBe(false);
    expect(refused.message).toMatch(/self.signed certificate/i);
    const trusted = await runMysqlCheck(hostConfig({ ssl: "verify-full", ca: certificate.cert }), context());
    expect(trusted.healthy).toBe(true);
  });
});
