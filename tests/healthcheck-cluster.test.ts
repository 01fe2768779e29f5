import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Pool } from "pg";
import { useTestDatabase } from "@checkstack/test-utils";
import { signIn, type ApiSession } from "./support/api-session";
import { BOOT_BOUND_MS, newSecretKey, usePlatforms, type PlatformProcess } from "./support/platform-process";
import { queryAsService } from "./support/service-query";

const CHECKS = 200;
const INTERVAL_S = 3;
const ADMIN = { email: "ops@example.test", password: "correct horse battery staple" };

// afterAll hooks run in declaration order: processes stop before the database is dropped.
const platforms = usePlatforms("all");
const database = useTestDatabase();
const secretKey = newSecretKey();
const hits = new Map<string, number[]>();
const target = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch: (request) => {
    const id = new URL(request.url).pathname.split("/")[2] ?? "?";
    hits.set(id, [...(hits.get(id) ?? []), Date.now()]);
    return new Response("ok");
  },
});
afterAll(() => target.stop(true));

let a: PlatformProcess;
let b: PlatformProcess;
let session: ApiSession;
const checkIds: string[] = [];

let pool: Pool;
afterAll(async () => {
  await pool?.end();
});
const asService = <T extends Record<string, unknown>>(query: string, values: unknown[] = []) => queryAsService<T>(pool, query, values);

const hitsBetween = (id: string, from: number, to: number) => (hits.get(id) ?? []).filter((at) => at >= from && at < to).length;

beforeAll(async () => {
  pool = new Pool({ connectionString: database.url, max: 2 });
  pool.on("error", () => undefined);
  const env = { CHECKSTACK_ADMIN_EMAIL: ADMIN.email, CHECKSTACK_ADMIN_PASSWORD: ADMIN.password };
  [a, b] = await Promise.all([platforms.start({ databaseUrl: database.url, secretKey, env }), platforms.start({ databaseUrl: database.url, secretKey, env })]) as [PlatformProcess, PlatformProcess];
  // Boot can take long beside a CPU load: bounded generously, it is not what this file measures.
  await Promise.all([a.waitForReady(BOOT_BOUND_MS), b.waitForReady(BOOT_BOUND_MS)]);
  session = await signIn(b, ADMIN.email, ADMIN.password);
  const system = await session.call<{ id: string }>("catalog", "createSystem", { name: "Fleet" });
  for (let start = 0; start < CHECKS; start += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, CHECKS - start) }, (_, offset) =>
        session.call<{ id: string }>("healthcheck", "createCheck", {
          name: `fleet-${start + offset}`,
          strategyId: "http",
          config: { url: `http://127.0.0.1:${target.port}/c/${start + offset}` },
          intervalSeconds: INTERVAL_S,
          timeoutMs: 1000,
          systemIds: [system.id],
        }),
      ),
    );
    checkIds.push(...batch.map((check) => check.id));
  }
}, BOOT_BOUND_MS + 90_000);

/** Polls `condition` every 100 ms until it holds or `timeoutMs` passes; returns whether it held. */
async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await Bun.sleep(100);
  }
  return true;
}

const allChecks = () => Array.from({ length: CHECKS }, (_, n) => n);
const silentSince = (from: number, ids = allChecks()) => ids.filter((n) => hitsBetween(String(n), from, Number.POSITIVE_INFINITY) === 0);

describe("health checks across two instances", () => {
  test("each check runs once per interval cluster-wide: no duplicates, none missed, both instances working", async () => {
    // Every check has taken its first run (however long that takes on a loaded machine).
    const started = Date.now();
    expect(await eventually(() => silentSince(started - 60_000).length === 0, 30_000)).toBe(true);
    // Then three full rounds: every check runs three more times. A starved scheduler shows as a timeout here.
    const from = Date.now();
    const threeRounds = () => allChecks().every((n) => hitsBetween(String(n), from, Number.POSITIVE_INFINITY) >= 3);
    expect(await eventually(threeRounds, 3 * INTERVAL_S * 1000 + 15_000)).toBe(true);
    const to = Date.now();
    // None ran more often than the window allows (a duplicate would): two edge runs on top of the intervals that fit.
    const allowed = Math.floor((to - from) / (INTERVAL_S * 1000)) + 2;
    const counts = allChecks().map((n) => hitsBetween(String(n), from, to));
    console.info(`runs per check in ${to - from} ms: max ${Math.max(...counts)}, allowed ${allowed}`);
    expect(Math.max(...counts)).toBeLessThanOrEqual(allowed);
    const duplicates = await asService<{ n: number }>(
      "SELECT count(*)::int AS n FROM (SELECT check_id, scheduled_at FROM plugin_healthcheck.runs GROUP BY 1, 2 HAVING count(*) > 1) d",
    );
    expect(duplicates[0]?.n).toBe(0);
    const instances = await asService<{ n: number }>("SELECT count(DISTINCT instance_id)::int AS n FROM plugin_healthcheck.runs");
    expect(instances[0]?.n).toBe(2);
  }, 60_000);

  test("kill -9 of one instance: its checks resume on the other within two intervals", async () => {
    await a.kill9();
    const killedAt = Date.now();
    // Polled, with room for a loaded machine; the time it took is the figure that matters.
    expect(await eventually(() => silentSince(killedAt).length === 0, 2 * INTERVAL_S * 1000 + 10_000)).toBe(true);
    const resumedMs = Math.max(...allChecks().map((n) => (hits.get(String(n)) ?? []).find((at) => at >= killedAt)! - killedAt));
    console.info(`kill -9: every check ran again within ${resumedMs} ms`);
    expect(resumedMs).toBeLessThanOrEqual(2 * INTERVAL_S * 1000 + 1_000);
  }, 30_000);

  test("an interval change applies at once, without a restart", async () => {
    const [first] = checkIds;
    const changedAt = Date.now();
    await session.call("healthcheck", "updateCheck", { checkId: first, intervalSeconds: 1 });
    // Four runs of the changed check while its neighbour, still on 3 s, cannot have had more than two.
    expect(await eventually(() => hitsBetween("0", changedAt, Number.POSITIVE_INFINITY) >= 5, 20_000)).toBe(true);
    const elapsed = Date.now() - changedAt;
    expect(hitsBetween("1", changedAt, Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(Math.floor(elapsed / (INTERVAL_S * 1000)) + 2);
    expect(hitsBetween("1", changedAt, Number.POSITIVE_INFINITY)).toBeLessThan(hitsBetween("0", changedAt, Number.POSITIVE_INFINITY));
  }, 30_000);

  test("a disabled check stops at once; a deleted one too", async () => {
    await session.call("healthcheck", "updateCheck", { checkId: checkIds[2], enabled: false });
    await session.call("healthcheck", "deleteCheck", { checkId: checkIds[3] });
    // A run already in flight may still land within its timeout (1 s).
    const from = Date.now() + 1_000;
    // Two full rounds of the others prove the scheduler kept going past the change.
    const controls = allChecks().filter((n) => n > 3);
    const twoRounds = () => controls.every((n) => hitsBetween(String(n), from, Number.POSITIVE_INFINITY) >= 2);
    expect(await eventually(twoRounds, 2 * INTERVAL_S * 1000 + 15_000)).toBe(true);
    expect(hitsBetween("2", from, Number.POSITIVE_INFINITY)).toBe(0);
    expect(hitsBetween("3", from, Number.POSITIVE_INFINITY)).toBe(0);
  }, 40_000);
});
