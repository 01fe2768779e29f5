import { afterAll, describe, expect, test } from "bun:test";
import pg from "pg";
import { createTestDatabase, getTestServerUrl, useTestDatabase, type TestDatabase } from "./test-database";

const TEST_TIMEOUT_MS = 30_000;

async function query<Row extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const rows = await query(await getTestServerUrl(), "SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  return rows.length > 0;
}

async function userTableCount(url: string): Promise<number> {
  const [row] = await query<{ count: number }>(
    url,
    "SELECT count(*)::int AS count FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')",
  );
  return row?.count ?? -1;
}

describe("createTestDatabase", () => {
  const created: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(created.map((database) => database.drop()));
  });

  test(
    "two calls give different, empty databases, and drop() removes one",
    async () => {
      const first = await createTestDatabase();
      const second = await createTestDatabase();
      created.push(first, second);

      expect(first.name).not.toBe(second.name);
      expect(first.url).not.toBe(second.url);
      const [firstName] = await query<{ name: string }>(first.url, "SELECT current_database() AS name");
      expect(firstName?.name).toBe(first.name);
      expect(await userTableCount(first.url)).toBe(0);
      expect(await userTableCount(second.url)).toBe(0);

      await query(first.url, "CREATE TABLE only_in_first (id int)");
      expect(await userTableCount(first.url)).toBe(1);
      expect(await userTableCount(second.url)).toBe(0);

      // An open connection must not prevent the drop.
      const lingering = new pg.Client({ connectionString: first.url });
      lingering.on("error", () => undefined);
      await lingering.connect();
      await first.drop();
      await lingering.end().catch(() => undefined);

      expect(await databaseExists(first.name)).toBe(false);
      expect(await databaseExists(second.name)).toBe(true);
      await first.drop();
    },
    TEST_TIMEOUT_MS,
  );
});

describe("useTestDatabase", () => {
  const database = useTestDatabase();

  test("provides a connectable database once beforeAll has run", async () => {
    const [row] = await query<{ name: string }>(database.url, "SELECT current_database() AS name");
    expect(row?.name).toStartWith("checkstack_test_");
  });
});
