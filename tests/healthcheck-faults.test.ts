import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { hostname } from "node:os";
import { Pool } from "pg";
import { getTestServerUrl, useTestDatabase } from "@checkstack/test-utils";
import { signIn, type ApiSession } from "./support/api-session";
import { BOOT_BOUND_MS, newSecretKey, usePlatforms, type PlatformProcess } from "./support/platform-process";
import { queryAsService } from "./support/service-query";

/**
 * Faults of the health-check scheduler with two instances on one database:
 * an instance paused past its leases (a GC pause, a frozen VM) must not
 * record its stale runs, and the runs in flight on a killed instance are run
 * again by the other as soon as their leases expire.
 */
const CHECKS = 40;
const INTERVAL_S = 3;
const TIMEOUT_MS = 1500;
/** The lease: the check's timeout plus the writer's grace (claim.ts). */
const LEASE_MS = TIMEOUT_MS + 1000;
/** The target answers healthy, a little slowly, so each instance always has runs in flight. */
const TARGET_DELAY_MS = 250;
const ADMIN = { email: "ops@example.test", password: "correct horse battery staple" };

// Starting the test server can take more than a hook's default 5 s on a loaded machine: done first, with room.
beforeAll(() => getTestServerUrl(), 120_000);
const platforms = usePlatforms("all");
const database = useTestDatabase();
const secretKey = newSecretKey();
const target = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch: async () => {
    await Bun.sleep(TARGET_DELAY_MS);
    return new Response("ok");
  },
});
afterAll(() => target.stop(true));

let pool: Pool;
afterAll(async () => {
  await pool?.end();
});
const sql = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) => queryAsService<T>(pool, text, values);

let a: PlatformProcess;
let b: PlatformProcess;
let session: ApiSession;
let fleetId = "";

/** The lease owner names this scheduler writes: `<hostname>-<pid>-<random>` (index.ts). */
const ownerPattern = (platform: PlatformProcess) => `${hostname()}-${platform.pid}-%`;

async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await Bun.sleep(100);
  }
}

async function liveLeasesOf(platform: PlatformProcess): Promise<Array<{ check_id: string; system_id: string; scheduled_at: Date }>> {
  return sql(
    `SELECT check_id, system_id, next_run_at AS scheduled_at FROM plugin_healthcheck.schedule
      WHERE lease_owner LIKE $1 AND lease_until > now()`,
    [ownerPattern(platform)],
  );
}

const statusLines = () => [...a.logs, ...b.logs].filter((line) => line.msg === "system status changed").length;

beforeAll(async () => {
  pool = new Pool({ connectionString: database.url, max: 2 });
  pool.on("error", () => undefined);
  const env = { CHECKSTACK_ADMIN_EMAIL: ADMIN.email, CHECKSTACK_ADMIN_PASSWORD: ADMIN.password };
  [a, b] = (await Promise.all([platforms.start({ databaseUrl: database.url, secretKey, env }), platforms.start({ databaseUrl: database.url, secretKey, env })])) as [
    PlatformProcess,
    PlatformProcess,
  ];
  await Promise.all([a.waitForReady(BOOT_BOUND_MS), b.waitForReady(BOOT_BOUND_MS)]);
  session = await signIn(b, ADMIN.email, ADMIN.password);
  fleetId = (await session.call<{ id: string }>("catalog", "createSystem", { name: "Fleet" })).id;
  for (let start = 0; start < CHECKS; start += 10) {
    await Promise.all(
      Array.from({ length: 10 }, (_, offset) =>
        session.call("healthcheck", "createCheck", {
          name: `fleet-${start + offset}`,
          strategyId: "http",
          config: { url: `http://127.0.0.1:${target.port}/c/${start + offset}` },
          intervalSeconds: INTERVAL_S,
          timeoutMs: TIMEOUT_MS,
          systemIds: [fleetId],
        }),
      ),
    );
  }
  await waitUntil(
    "the fleet is healthy",
    async () => (await sql<{ status: string }>("SELECT status FROM plugin_healthcheck.system_status WHERE system_id = $1", [fleetId]))[0]?.status === "healthy",
    30_000,
  );
}, BOOT_BOUND_MS + 60_000);

describe("health-check scheduler faults", () => {
  test("an instance paused past its leases records none of its stale runs: 0 transitions, 0 timeouts", async () => {
    // Pause A while it holds several leases (the checks were created in batches, so their runs bunch up);
    // if it does not, let it run a moment and try again, settling for one lease on the last attempts.
    let held: Awaited<ReturnType<typeof liveLeasesOf>> = [];
    for (let attempt = 0; attempt < 40; attempt++) {
      process.kill(a.pid, "SIGSTOP");
      held = await liveLeasesOf(a);
      if (held.length >= (attempt < 30 ? 3 : 1)) break;
      process.kill(a.pid, "SIGCONT");
      await Bun.sleep(150);
    }
    expect(held.length).toBeGreaterThan(0);
    const [{ paused_at: pausedAt }] = (await sql<{ paused_at: Date }>("SELECT now() AS paused_at")) as [{ paused_at: Date }];
    const statusLinesBefore = statusLines();
    const droppedBefore = a.logs.filter((line) => line.msg.startsWith("check results dropped")).length;
    try {
      // The fault itself: a pause three times the lease.
      await Bun.sleep(3 * LEASE_MS);
    } finally {
      process.kill(a.pid, "SIGCONT");
    }
    // A is working again: it records fresh runs under fresh leases.
    await waitUntil(
      "A records runs again",
      async () =>
        ((await sql<{ n: number }>("SELECT count(*)::int AS n FROM plugin_healthcheck.runs WHERE instance_id LIKE $1 AND started_at > $2", [
          ownerPattern(a),
          new Date(pausedAt.getTime() + 3 * LEASE_MS),
        ]))[0]?.n ?? 0) > 0,
      20_000,
    );
    await Bun.sleep(INTERVAL_S * 1000); // any stale batch still queued on A has been flushed by now

    const failures = await sql<{ n: number }>("SELECT count(*)::int AS n FROM plugin_healthcheck.runs WHERE NOT healthy");
    expect(failures[0]?.n).toBe(0);
    const [status] = await sql<{ status: string; since: Date }>("SELECT status, since FROM plugin_healthcheck.system_status WHERE system_id = $1", [fleetId]);
    expect(status?.status).toBe("healthy");
    expect(status!.since.getTime()).toBeLessThan(pausedAt.getTime());
    expect(statusLines()).toBe(statusLinesBefore);
    // The runs A held were run by B under their own scheduled times: no gap.
    for (const lease of held) {
      const rerun = await sql<{ n: number }>(
        "SELECT count(*)::int AS n FROM plugin_healthcheck.runs WHERE check_id = $1 AND system_id = $2 AND scheduled_at = $3",
        [lease.check_id, lease.system_id, lease.scheduled_at],
      );
      expect(rerun[0]?.n).toBe(1);
    }
    // A woke up, judged its in-flight runs timed out, and the fence refused them (logged at info, not as an error).
    const droppedLines = a.logs.filter((line) => line.msg.startsWith("check results dropped")).slice(droppedBefore);
    // Unless A was paused after its write statement had run (it then commits its own, healthy results on waking,
    // and no other instance could claim the locked rows), the fence must have refused something.
    let recordedByA = 0;
    for (const lease of held) {
      const own = await sql<{ n: number }>(
        "SELECT count(*)::int AS n FROM plugin_healthcheck.runs WHERE check_id = $1 AND system_id = $2 AND scheduled_at = $3 AND instance_id LIKE $4",
        [lease.check_id, lease.system_id, lease.scheduled_at, ownerPattern(a)],
      );
      recordedByA += own[0]?.n ?? 0;
    }
    if (recordedByA < held.length) expect(droppedLines.length).toBeGreaterThan(0);
    expect(droppedLines.every((line) => line.level === "info")).toBe(true);
    const droppedTotal = a.logs
      .filter((line) => line.msg.startsWith("check results dropped"))
      .slice(droppedBefore)
      .reduce((sum, line) => sum + Number(line["dropped"]), 0);
    process.stderr.write(`SIGSTOP ${3 * LEASE_MS} ms with ${held.length} leases held: ${droppedTotal} stale results dropped, 0 recorded\n`);
  }, 90_000);

  test("kill -9: the runs in flight are run again by the other instance once their leases expire, leaving no hole", async () => {
    // Killed while several runs are in flight (the checks were created in batches, so their runs bunch up).
    await waitUntil("A holds several leases", async () => (await liveLeasesOf(a)).length >= 3, 15_000);
    await a.kill9();
    const killedAt = Date.now();
    // The pairs A was running at its death (rows still leased to it), and the last run each has on record.
    const held = await sql<{ check_id: string; system_id: string; previous: Date }>(
      `SELECT s.check_id, s.system_id, (SELECT max(r.scheduled_at) FROM plugin_healthcheck.runs r WHERE r.check_id = s.check_id AND r.system_id = s.system_id) AS previous
         FROM plugin_healthcheck.schedule s WHERE s.lease_owner LIKE $1`,
      [ownerPattern(a)],
    );
    expect(held.length).toBeGreaterThan(0);

    // The run that was in flight is the one an interval after the last recorded; it must be recorded too.
    const lostRunOf = async (pair: (typeof held)[number]) =>
      (
        await sql<{ started_at: Date; instance_id: string }>(
          "SELECT started_at, instance_id FROM plugin_healthcheck.runs WHERE check_id = $1 AND system_id = $2 AND scheduled_at = $3",
          [pair.check_id, pair.system_id, new Date(pair.previous.getTime() + INTERVAL_S * 1000)],
        )
      )[0];
    await waitUntil("every run lost with A is run again", async () => (await Promise.all(held.map(lostRunOf))).every(Boolean), LEASE_MS + 3 * INTERVAL_S * 1000);
    const reruns = await Promise.all(held.map(lostRunOf));
    for (const rerun of reruns) expect(rerun!.instance_id).toMatch(new RegExp(`^${hostname()}-${b.pid}-`));
    const latest = Math.max(...reruns.map((rerun) => rerun!.started_at.getTime() - killedAt));

    // No scheduled run went missing for any pair around the kill: consecutive scheduled times one interval apart.
    await Bun.sleep(INTERVAL_S * 1000);
    const gaps = await sql<{ worst: number }>(
      `SELECT coalesce(max(gap), 0)::float8 AS worst FROM (
         SELECT extract(epoch FROM scheduled_at - lag(scheduled_at) OVER (PARTITION BY check_id, system_id ORDER BY scheduled_at)) AS gap
           FROM plugin_healthcheck.runs WHERE scheduled_at > $1) g`,
      [new Date(killedAt - 2 * INTERVAL_S * 1000 - 500)],
    );
    expect(gaps[0]!.worst).toBeLessThanOrEqual(INTERVAL_S * 1.5);
    process.stderr.write(`kill -9 with ${held.length} runs in flight: all rerun by the survivor, the last ${latest} ms after the kill; widest scheduled gap ${gaps[0]!.worst} s\n`);
  }, 60_000);

  test("deleting a catalog system removes it from its checks and stops its runs", async () => {
    const doomed = (await session.call<{ id: string }>("catalog", "createSystem", { name: "Doomed" })).id;
    const shared = await session.call<{ id: string }>("healthcheck", "createCheck", {
      name: "shared",
      strategyId: "http",
      config: { url: `http://127.0.0.1:${target.port}/shared` },
      intervalSeconds: 1,
      timeoutMs: 500,
      systemIds: [fleetId, doomed],
    });
    const lonely = await session.call<{ id: string }>("healthcheck", "createCheck", {
      name: "lonely",
      strategyId: "http",
      config: { url: `http://127.0.0.1:${target.port}/lonely` },
      intervalSeconds: 1,
      timeoutMs: 500,
      systemIds: [doomed],
    });
    const runsOf = async (systemId: string, after: Date) =>
      (await sql<{ n: number }>("SELECT count(*)::int AS n FROM plugin_healthcheck.runs WHERE system_id = $1 AND started_at > $2", [systemId, after]))[0]?.n ?? 0;
    await waitUntil("the doomed system is being checked", async () => (await runsOf(doomed, new Date(0))) >= 2, 15_000);

    await session.call("catalog", "deleteSystem", { systemId: doomed });
    await waitUntil(
      "the deleted system leaves its checks",
      async () => (await session.call<{ systemIds: string[] }>("healthcheck", "getCheck", { checkId: shared.id })).systemIds.length === 1,
      15_000,
    );
    expect((await session.call<{ systemIds: string[] }>("healthcheck", "getCheck", { checkId: shared.id })).systemIds).toEqual([fleetId]);
    expect((await session.call<{ systemIds: string[] }>("healthcheck", "getCheck", { checkId: lonely.id })).systemIds).toEqual([]);
    expect(await sql("SELECT * FROM plugin_healthcheck.schedule WHERE system_id = $1", [doomed])).toEqual([]);
    const handledAt = new Date();
    await Bun.sleep(3_000); // three intervals of the deleted pairs
    expect(await runsOf(doomed, handledAt)).toBe(0);
    expect(await runsOf(fleetId, handledAt)).toBeGreaterThan(0); // the shared check still runs for the system left
    // A check left with no system can still be edited, and stays unscheduled.
    await session.call("healthcheck", "updateCheck", { checkId: lonely.id, name: "lonely, renamed", intervalSeconds: 2 });
    expect(await sql("SELECT * FROM plugin_healthcheck.schedule WHERE check_id = $1", [lonely.id])).toEqual([]);
  }, 60_000);
});
