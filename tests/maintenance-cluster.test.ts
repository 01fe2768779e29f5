/**
 * Exactly once across a cluster: three platform processes on one database,
 * one killed (SIGKILL) at the moment the occurrences start. Every occurrence
 * is still announced, started and ended, and each of maintenance.upcoming,
 * maintenance.started and maintenance.ended is emitted exactly once per
 * occurrence (counted in the hook outbox, where every committed emit lands).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Pool } from "pg";
import { DateTime } from "luxon";
import { useTestDatabase } from "@checkstack/test-utils";
import { signIn } from "./support/api-session";
import { BOOT_BOUND_MS, newSecretKey, usePlatforms, type PlatformProcess } from "./support/platform-process";
import { queryAsService } from "./support/service-query";

const WINDOWS = 10;
const ADMIN = { email: "maint@example.test", password: "correct horse battery staple" };
const ZONE = "Europe/Berlin";

// afterAll hooks run in declaration order: processes stop before the database is dropped.
const platforms = usePlatforms("all");
const database = useTestDatabase();
const secretKey = newSecretKey();
let pool: Pool;
let instances: PlatformProcess[] = [];
afterAll(async () => {
  await pool?.end();
});

async function waitFor(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(100);
  }
}

beforeAll(async () => {
  pool = new Pool({ connectionString: database.url, max: 2 });
  pool.on("error", () => undefined);
  const env = { CHECKSTACK_ADMIN_EMAIL: ADMIN.email, CHECKSTACK_ADMIN_PASSWORD: ADMIN.password };
  instances = await Promise.all([0, 1, 2].map(() => platforms.start({ databaseUrl: database.url, secretKey, env })));
  // Boot beside other load can take long; bounded generously, it is not what this file measures.
  await Promise.all(instances.map((instance) => instance.waitForReady(BOOT_BOUND_MS)));
}, BOOT_BOUND_MS + 60_000);

describe("three instances, one killed at the start time", () => {
  test("each hook is emitted exactly once per occurrence", async () => {
    const session = await signIn(instances[0]!, ADMIN.email, ADMIN.password);
    // All start at the same second, far enough ahead for the creates to finish on a loaded machine.
    const startMs = Math.ceil((Date.now() + 10_000) / 1000) * 1000;
    const local = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
    const created = await Promise.all(
      Array.from({ length: WINDOWS }, (_, index) =>
        session.call<{ occurrences: Array<{ id: string }> }>("maintenance", "createWindow", {
          title: `cluster-${index}`,
          start: local(startMs),
          end: local(startMs + 3000),
          timezone: ZONE,
          upcomingLeadMinutes: 1,
        }),
      ),
    );
    expect(Date.now()).toBeLessThan(startMs);
    const occurrenceIds = created.map((window) => window.occurrences[0]!.id);

    // At the start time, the third instance dies mid-whatever-it-was-doing.
    while (Date.now() < startMs) await Bun.sleep(20);
    await instances[2]!.kill9();

    const statuses = () => queryAsService<{ status: string }>(pool, "SELECT status FROM plugin_maintenance.occurrences WHERE id = ANY($1::uuid[])", [occurrenceIds]);
    await waitFor(async () => {
      const rows = await statuses();
      return rows.length === WINDOWS && rows.every((row) => row.status === "completed");
    }, 60_000);

    const emitted = await pool.query<{ hook_id: string; occurrence_id: string; count: string }>(
      `SELECT hook_id, payload->>'occurrenceId' AS occurrence_id, count(*)::text AS count FROM checkstack.hook_outbox
        WHERE hook_id LIKE 'maintenance.%' GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    for (const hook of ["maintenance.upcoming", "maintenance.started", "maintenance.ended"]) {
      const rows = emitted.rows.filter((row) => row.hook_id === hook);
      expect(`${hook}: ${rows.map((row) => row.occurrence_id).sort().join(",")}`).toBe(`${hook}: ${[...occurrenceIds].sort().join(",")}`);
      expect(rows.every((row) => row.count === "1")).toBe(true);
    }
  }, 120_000);
});
