import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Pool, type PoolClient } from "pg";
import { useTestDatabase } from "../testing/test-database";
import { PREPARED_PER_CONNECTION, runBatch } from "./statement-batch";

let pool: Pool;
let client: PoolClient;
// Before useTestDatabase: afterAll hooks run in declaration order, and the database is dropped in its own.
afterAll(async () => {
  client?.release();
  await pool?.end();
});
const database = useTestDatabase();

const preparedCount = async (on: PoolClient) =>
  Number((await on.query<{ n: string }>("SELECT count(*) AS n FROM pg_prepared_statements")).rows[0]?.n);

beforeAll(async () => {
  pool = new Pool({ connectionString: database.url, max: 3 });
  client = await pool.connect();
  await client.query("CREATE TABLE batch_notes (id serial PRIMARY KEY, body text NOT NULL UNIQUE, at timestamptz DEFAULT now())");
});

describe("runBatch", () => {
  test("runs every statement in one round trip and answers one result per statement", async () => {
    const results = await runBatch(client, [
      { text: "SELECT $1::int + 1 AS n", values: [41] },
      { text: "SELECT 'a' AS x UNION ALL SELECT 'b'" },
      { text: "SELECT 1 AS one, 2 AS two", rowMode: "array" },
    ]);
    expect(results.map((result) => result.rows)).toEqual([[{ n: 42 }], [{ x: "a" }, { x: "b" }], [[1, 2]]]);
    expect(results[1]?.rowCount).toBe(2);
    expect(results[1]?.command).toBe("SELECT");
  });

  test("values travel as parameters: quotes and placeholders in them are data", async () => {
    const hostile = "it's $1 -- '); DROP TABLE batch_notes; --";
    const [inserted] = await runBatch(client, [{ text: "INSERT INTO batch_notes (body) VALUES ($1) RETURNING body", values: [hostile] }]);
    expect(inserted?.rows).toEqual([{ body: hostile }]);
    expect((await client.query("SELECT count(*)::int AS n FROM batch_notes")).rows[0]).toEqual({ n: 1 });
  });

  test("custom type parsers apply per statement, as drizzle passes them", async () => {
    const asText = { getTypeParser: () => (value: string) => `raw:${value}` };
    const [parsed, plain] = await runBatch(client, [
      { text: "SELECT 7::int AS n", types: asText },
      { text: "SELECT 7::int AS n" },
    ]);
    expect(parsed?.rows).toEqual([{ n: "raw:7" }]);
    expect(plain?.rows).toEqual([{ n: 7 }]);
  });

  test("without BEGIN the batch is one implicit transaction: local settings last until its end", async () => {
    const [, seen] = await runBatch(client, [
      { text: "SELECT set_config('checkstack.batch_probe', $1, true)", values: ["inside"] },
      { text: "SELECT current_setting('checkstack.batch_probe', true) AS value" },
    ]);
    expect(seen?.rows).toEqual([{ value: "inside" }]);
    const after = await client.query("SELECT coalesce(current_setting('checkstack.batch_probe', true), '') AS value");
    expect(after.rows).toEqual([{ value: "" }]);
  });

  test("a failing statement rejects with Postgres's error, skips the rest, undoes the batch and leaves the connection usable", async () => {
    const failing = runBatch(client, [
      { text: "INSERT INTO batch_notes (body) VALUES ($1)", values: ["first of a failed batch"] },
      { text: "SELECT 1 / $1::int AS boom", values: [0] },
      { text: "INSERT INTO batch_notes (body) VALUES ($1)", values: ["never runs"] },
    ]);
    await expect(failing).rejects.toMatchObject({ code: "22012" });
    const bodies = (await client.query<{ body: string }>("SELECT body FROM batch_notes ORDER BY id")).rows.map((row) => row.body);
    expect(bodies).not.toContain("first of a failed batch");
    expect(bodies).not.toContain("never runs");
    expect((await runBatch(client, [{ text: "SELECT 2 AS ok" }]))[0]?.rows).toEqual([{ ok: 2 }]);
  });

  test("each text is parsed once per connection and reused", async () => {
    const own = await pool.connect();
    try {
      const statement = { text: "SELECT body FROM batch_notes WHERE id = $1", values: [1] };
      await runBatch(own, [statement]);
      const afterFirst = await preparedCount(own);
      for (let run = 0; run < 5; run++) await runBatch(own, [statement, statement]);
      expect(await preparedCount(own)).toBe(afterFirst);
      expect(afterFirst).toBe(1);
    } finally {
      own.release();
    }
  });

  test("a statement whose first run failed after it was parsed runs again later", async () => {
    const text = "SELECT 10 / $1::int AS quotient";
    await expect(runBatch(client, [{ text, values: [0] }])).rejects.toMatchObject({ code: "22012" });
    expect((await runBatch(client, [{ text, values: [5] }]))[0]?.rows).toEqual([{ quotient: 2 }]);
    expect((await runBatch(client, [{ text, values: [2] }]))[0]?.rows).toEqual([{ quotient: 5 }]);
  });

  test("a statement that does not parse rejects, and the connection goes on", async () => {
    await expect(runBatch(client, [{ text: "SELEC 1" }])).rejects.toMatchObject({ code: "42601" });
    expect((await runBatch(client, [{ text: "SELECT 3 AS ok" }]))[0]?.rows).toEqual([{ ok: 3 }]);
  });

  test("a value that cannot be sent fails the batch before anything reaches the server", async () => {
    const circular: Record<string, unknown> = {};
    circular["self"] = circular;
    await expect(runBatch(client, [{ text: "INSERT INTO batch_notes (body) VALUES ($1)", values: [circular] }])).rejects.toThrow();
    expect((await runBatch(client, [{ text: "SELECT 4 AS ok" }]))[0]?.rows).toEqual([{ ok: 4 }]);
  });

  test(`past ${PREPARED_PER_CONNECTION} distinct texts a connection runs statements unnamed`, async () => {
    const own = await pool.connect();
    try {
      for (let index = 0; index < PREPARED_PER_CONNECTION + 20; index++) {
        const [result] = await runBatch(own, [{ text: `SELECT ${index} AS n` }]);
        expect(result?.rows).toEqual([{ n: index }]);
      }
      expect(await preparedCount(own)).toBe(PREPARED_PER_CONNECTION);
    } finally {
      own.release(true);
    }
  });
});
