import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Pool } from "pg";
import { useTestDatabase } from "@checkstack/test-utils";
import { signIn, type ApiSession } from "./support/api-session";
import { newSecretKey, usePlatforms, type PlatformProcess } from "./support/platform-process";
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
  await Promise.all([a.waitForReady(30_000), b.waitForReady(30_000)]);
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
}, 90_000);

describe("health checks across two instances", () => {
  test("each check runs once per interval cluster-wide: no duplicates, none missed, both instances working", async () => {
    await Bun.sleep(INTERVAL_S * 1000); // let every check take its first run
    const from = Date.now();
    await Bun.sleep(3 * INTERVAL_S * 1000);
    const to = Date.now();
    const counts = Array.from({ length: CHECKS }, (_, n) => hitsBetween(String(n), from, to));
    // Three intervals fit in the window; a run landing on either edge may count or not.
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...counts)).toBeLessThanOrEqual(4);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(CHECKS * 3 - CHECKS * 0.1);
    const duplicates = await asService<{ n: number }>(
      "SELECT count(*)::int AS n FROM (SELECT check_id, scheduled_at FROM plugin_healthcheck.runs GROUP BY 1, 2 HAVING count(*) > 1) d",
    );
    expect(duplicates[0]?.n).toBe(0);
    const instances = await asService<{ n: number }>("SELECT count(DISTINCT instance_id)::int AS n FROM plugin_healthcheck.runs");
    expect(instances[0]?.n).toBe(2);
  }, 30_000);

  test("kill -9 of one instance: its checks resume on the other within two intervals", async () => {
    await a.kill9();
    const killedAt = Date.now();
    await Bun.sleep(2 * INTERVAL_S * 1000 + 500);
    const silent = Array.from({ length: CHECKS }, (_, n) => n).filter((n) => hitsBetween(String(n), killedAt, Date.now()) === 0);
    expect(silent).toEqual([]);
  }, 30_000);

  test("an interval change applies at once, without a restart", async () => {
    const [first] = checkIds;
    await session.call("healthcheck", "updateCheck", { checkId: first, intervalSeconds: 1 });
    await Bun.sleep(1_500);
    const from = Date.now();
    await Bun.sleep(4_000);
    expect(hitsBetween("0", from, Date.now())).toBeGreaterThanOrEqual(3);
    expect(hitsBetween("1", from, Date.now())).toBeLessThanOrEqual(2);
  }, 20_000);

  test("a disabled check stops at once; a deleted one too", async () => {
    await session.call("healthcheck", "updateCheck", { checkId: checkIds[2], enabled: false });
    await session.call("healthcheck", "deleteCheck", { checkId: checkIds[3] });
    await Bun.sleep(1_200); // a run already in flight may still land
    const from = Date.now();
    await Bun.sleep(INTERVAL_S * 1000 + 500);
    expect(hitsBetween("2", from, Date.now())).toBe(0);
    expect(hitsBetween("3", from, Date.now())).toBe(0);
  }, 20_000);
});
