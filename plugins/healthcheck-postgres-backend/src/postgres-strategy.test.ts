import { useTestDatabase } from "@checkstack/test-utils";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import pg from "pg";
import { APPLICATION_NAME } from "./client-options";
import { postgresCheckConfigSchema } from "./config";
import { postgresStrategy, runPostgresCheck } from "./postgres-strategy";

const database = useTestDatabase();
/** Watches the server from the side, as an operator would. */
let monitor: pg.Client;

beforeAll(async () => {
  monitor = new pg.Client({ connectionString: database.url });
  // Dropping the test database may terminate it before afterAll ends it.
  monitor.on("error", () => undefined);
  await monitor.connect();
});

afterAll(async () => {
  await monitor.end().catch(() => undefined);
});

const context = (timeoutMs = 5_000) => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs });
const config = (input: Record<string, unknown>) => postgresCheckConfigSchema.parse({ connectionString: database.url, ...input });

function hostConfig(overrides: Record<string, unknown> = {}) {
  const url = new URL(database.url);
  return postgresCheckConfigSchema.parse({
    host: url.hostname,
    port: Number(url.port),
    database: decodeURIComponent(url.pathname.slice(1)),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    ...overrides,
  });
}

async function activeSleeps(): Promise<number> {
  const result = await monitor.query<{ count: string }>(
    "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'SELECT pg_sleep%'",
    [APPLICATION_NAME],
  );
  return Number(result.rows[0]?.count ?? 0);
}

async function waitUntil(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (await condition()) return true;
    await Bun.sleep(25);
  }
  return condition();
}

describe("postgres strategy", () => {
  test("SELECT 1 through a connection string is healthy", async () => {
    const result = await runPostgresCheck(config({}), context());
    expect(result.healthy).toBe(true);
    expect(result.message).toBe("query returned 1 row");
    expect(result.metadata).toMatchObject({ rowCount: 1, columns: ["?column?"], rows: [{ "?column?": 1 }] });
    expect(result.metadata?.connectMs).toBeNumber();
  });

  test("host, database, user and password work too, with an expected first value", async () => {
    const result = await runPostgresCheck(hostConfig({ query: "SELECT 'ok' AS status, now() AS at", expectedFirstValue: "ok" }), context());
    expect(result.healthy).toBe(true);
    const rows = result.metadata?.rows as Array<Record<string, unknown>>;
    expect(rows[0]?.status).toBe("ok");
    expect(typeof rows[0]?.at).toBe("string");
  });

  test("a wrong password is unhealthy", async () => {
    const result = await runPostgresCheck(hostConfig({ password: "wrong" }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toContain("password authentication failed");
    expect(result.message).toContain("SQLSTATE 28P01");
  });

  test("the platform's PGPASSWORD is never offered to a configured server", async () => {
    const previous = process.env.PGPASSWORD;
    process.env.PGPASSWORD = decodeURIComponent(new URL(database.url).password);
    try {
      const result = await runPostgresCheck(hostConfig({ password: undefined }), context());
      expect(result.healthy).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = previous;
    }
  });

  test("an unexpected first value is unhealthy", async () => {
    const result = await runPostgresCheck(config({ query: "SELECT 41", expectedFirstValue: 42 }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("expected first value 42, got 41");
  });

  test("checks the row count and keeps only the first 10 rows", async () => {
    const query = "SELECT generate_series(1, 12) AS n";
    const ok = await runPostgresCheck(config({ query, expectedRowCount: 12 }), context());
    expect(ok.healthy).toBe(true);
    expect(ok.metadata?.rowCount).toBe(12);
    expect(ok.metadata?.rows).toHaveLength(10);
    const wrong = await runPostgresCheck(config({ query, expectedRowCount: 3 }), context());
    expect(wrong.healthy).toBe(false);
    expect(wrong.message).toBe("expected 3 rows, got 12");
  });

  test("a failing query is unhealthy with the server's reason", async () => {
    const result = await runPostgresCheck(config({ query: "SELECT * FROM no_such_table" }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toBe('query failed: relation "no_such_table" does not exist (SQLSTATE 42P01)');
  });

  test("a refused connection is unhealthy", async () => {
    const result = await runPostgresCheck(hostConfig({ port: 1 }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toContain(":1/");
    expect(result.message).toContain("ECONNREFUSED");
  });

  test("times out a slow query, and the server stops running it", async () => {
    const seenRunning = waitUntil(async () => (await activeSleeps()) > 0, 1_000);
    const started = performance.now();
    const result = await runPostgresCheck(config({ query: "SELECT pg_sleep(5)" }), context(300));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("timed out after 300 ms");
    expect(await seenRunning).toBe(true);
    expect(await waitUntil(async () => (await activeSleeps()) === 0, 1_000)).toBe(true);
  });

  test("an abort before the deadline cancels the query on the server (not only statement_timeout)", async () => {
    // statement_timeout follows timeoutMs (10 s here); only the cancel request can stop the query in time.
    const seenRunning = waitUntil(async () => (await activeSleeps()) > 0, 1_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await runPostgresCheck(config({ query: "SELECT pg_sleep(5)" }), { signal: controller.signal, timeoutMs: 10_000 });
    expect(result.healthy).toBe(false);
    expect(result.message).toStartWith("timed out");
    expect(await seenRunning).toBe(true);
    expect(await waitUntil(async () => (await activeSleeps()) === 0, 1_000)).toBe(true);
  });

  test("config errors are clear", () => {
    const issues = (input: unknown) => postgresCheckConfigSchema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];
    expect(issues({})).toEqual(["set either connectionString or host, database and user"]);
    expect(issues({ host: "db" })).toEqual(["database is required with host", "user is required with host"]);
    expect(issues({ connectionString: "postgres://x/y", host: "db" })).toEqual(["set either connectionString or host, not both"]);
    expect(issues({ connectionString: "mysql://x/y" })).toEqual(["connectionString must start with postgres:// or postgresql://"]);
    expect(issues({ connectionString: "postgres://x/y", expectedRowCount: -1 })).toEqual(["expectedRowCount cannot be negative"]);
    expect(postgresStrategy.id).toBe("postgres");
  });
});
