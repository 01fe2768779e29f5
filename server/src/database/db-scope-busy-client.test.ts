import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Pool, type PoolClient } from "pg";
import { useTestDatabase } from "../testing/test-database";
import { currentDbScope, runInDbScope } from "./db-scope";
import { migratePlatform } from "./platform-database";
import { applySqlFiles } from "./sql-files";

let pool: Pool;
// Before useTestDatabase: afterAll hooks run in declaration order, and the database is dropped in its own.
afterAll(async () => {
  await pool?.end();
});
const database = useTestDatabase();

/** pg's own queue of statements waiting behind the one in flight (what its deprecation warning counts). */
type QueueingClient = PoolClient & { _queryQueue: unknown[] };

let deepestQueue = 0;
beforeAll(async () => {
  pool = new Pool({ connectionString: database.url, max: 2 });
  // A scope's settings statement reads the platform's tables and functions.
  await migratePlatform(pool);
  await applySqlFiles(pool);
  // Every client the pool hands out reports how many statements were already queued at each submit.
  pool.on("acquire", (client) => {
    const queueing = client as QueueingClient;
    if ((queueing as { watched?: boolean }).watched) return;
    Object.assign(queueing, { watched: true });
    const submit = queueing.query.bind(queueing) as (...args: unknown[]) => unknown;
    Object.assign(queueing, {
      query: (...args: unknown[]) => {
        deepestQueue = Math.max(deepestQueue, queueing._queryQueue.length);
        return submit(...args);
      },
    });
  });
});

const principal = { type: "service", pluginId: "test" } as const;

describe("a scope's connection is never given a statement while busy", () => {
  test("statements sent concurrently in one scope run one after another, in order", async () => {
    deepestQueue = 0;
    const values = await runInDbScope(pool, { principal }, async () => {
      const scope = currentDbScope()!;
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, n) => scope.query<{ n: number }>("SELECT $1::int AS n, pg_sleep(0.02)", [n])),
      );
      return answers.map((answer) => answer.rows[0]?.n);
    });
    expect(values).toEqual([0, 1, 2, 3, 4, 5]);
    expect(deepestQueue).toBe(0);
  });

  test("work failing while its sibling statements run: the ROLLBACK waits for them", async () => {
    deepestQueue = 0;
    const failing = runInDbScope(pool, { principal }, async () => {
      const scope = currentDbScope()!;
      await scope.query("SELECT 1");
      const siblings = Array.from({ length: 3 }, () => scope.query("SELECT pg_sleep(0.05)"));
      await Promise.all([...siblings, Promise.reject(new Error("handler failed"))]);
    });
    expect(await failing.then(() => "resolved", (error: unknown) => String(error))).toContain("handler failed");
    expect(deepestQueue).toBe(0);
    // The connection went back clean: the next scope on it works.
    expect(await runInDbScope(pool, { principal }, async () => (await currentDbScope()!.query<{ ok: number }>("SELECT 1 AS ok")).rows[0]?.ok)).toBe(1);
  });
});
