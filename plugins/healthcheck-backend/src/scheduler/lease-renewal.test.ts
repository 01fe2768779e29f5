import { afterEach, describe, expect, test } from "bun:test";
import { ResultWriter } from "../results/result-writer";
import { claimDueRuns } from "./claim";
import { CheckScheduler } from "./check-scheduler";
import { LeaseRenewer, renewLeases } from "./lease-renewal";
import { useSchedulerTestDatabase } from "./scheduler-test-database";

const { pool, database: db, query, logged, logger } = useSchedulerTestDatabase();
/** What was logged as a warning or an error since the test began. */
const warnings = () => logged.filter((line) => line.level === "warn" || line.level === "error").map((line) => line.message);
const renewers: LeaseRenewer[] = [];
afterEach(async () => {
  await Promise.all(renewers.splice(0).map((renewer) => renewer.stop()));
});

/** One due check on one system; `timeoutMs` sets the initial lease (timeout + 1 s grace). */
async function addDueCheck(timeoutMs: number): Promise<void> {
  const [row] = await query<{ id: string }>(
    "INSERT INTO checks (name, strategy_id, config, interval_seconds, timeout_ms) VALUES ('c', 'http', '{}', 10, $1) RETURNING id",
    [timeoutMs],
  );
  await query("INSERT INTO check_systems (check_id, system_id) VALUES ($1, 'sys-a')", [row!.id]);
  await query("INSERT INTO schedule (check_id, system_id, next_run_at) VALUES ($1, 'sys-a', now())", [row!.id]);
}

/** Seconds from the database's now() to the lease's end (negative: expired). */
async function leaseLeft(): Promise<number> {
  const [row] = await query<{ left: number }>("SELECT extract(epoch FROM lease_until - now())::float8 AS left FROM schedule");
  return row!.left;
}

async function eventually(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await Bun.sleep(50);
  }
  return true;
}

describe("lease renewal (the holder's heartbeat)", () => {
  test("renews a live lease it holds, one statement for many, never shortening a longer one", async () => {
    await addDueCheck(100); // initial lease 1.1 s
    const [run] = await claimDueRuns(db(), "one", 10);
    expect(await renewLeases(db(), [run!], 3)).toEqual(new Set([run!.leaseToken]));
    expect(await leaseLeft()).toBeGreaterThan(2);
    expect(await claimDueRuns(db(), "two", 10)).toEqual([]);
    // A renewal window shorter than what is left extends nothing (a check with a long timeout keeps its initial lease).
    await query("UPDATE schedule SET lease_until = now() + interval '60 seconds'");
    await renewLeases(db(), [run!], 3);
    expect(await leaseLeft()).toBeGreaterThan(50);
  });

  test("never revives an expired lease, claimed again or not; the new holder's lease is untouched", async () => {
    await addDueCheck(100);
    const [stale] = await claimDueRuns(db(), "paused", 10);
    await query("UPDATE schedule SET lease_until = now() - interval '1 second'"); // the holder was paused past its lease
    expect(await renewLeases(db(), [stale!], 3)).toEqual(new Set());
    expect(await leaseLeft()).toBeLessThan(0);
    const [fresh] = await claimDueRuns(db(), "other", 10);
    expect(fresh?.leaseToken).not.toBe(stale!.leaseToken);
    await query("UPDATE schedule SET lease_until = now() + interval '1 second'");
    expect(await renewLeases(db(), [stale!], 30)).toEqual(new Set());
    expect(await leaseLeft()).toBeLessThan(1.5);
  });

  test("a lease its holder keeps renewing is not re-claimable past its initial end; once renewals stop it is", async () => {
    await addDueCheck(100); // initial lease 1.1 s: without renewals, claimable again after it
    const [run] = await claimDueRuns(db(), "one", 10);
    const [{ until: initialEnd }] = (await query<{ until: Date }>("SELECT lease_until AS until FROM schedule")) as [{ until: Date }];
    const renewer = new LeaseRenewer(db(), logger, { everyMs: 100, windowSeconds: 3 });
    renewers.push(renewer);
    renewer.hold(run!);
    renewer.start();
    // Another instance keeps trying until the database's clock is a second past the initial lease's end.
    const pastInitial = async () => (await query<{ past: boolean }>("SELECT now() > $1::timestamptz + interval '1 second' AS past", [initialEnd]))[0]!.past;
    let attempts = 0;
    while (!(await pastInitial())) {
      expect(await claimDueRuns(db(), "two", 10)).toEqual([]);
      attempts++;
      await Bun.sleep(100);
    }
    expect(attempts).toBeGreaterThan(0);
    expect(await claimDueRuns(db(), "two", 10)).toEqual([]);

    // The run's holder is gone (its renewals stop): the same scheduled run becomes claimable within the window.
    renewer.release(run!.leaseToken);
    const stoppedAt = Date.now();
    let taken: Awaited<ReturnType<typeof claimDueRuns>> = [];
    expect(
      await eventually(async () => (taken = await claimDueRuns(db(), "two", 10)).length > 0, 3_000 + 10_000),
    ).toBe(true);
    expect(taken[0]?.scheduledAt.getTime()).toBe(run!.scheduledAt.getTime());
    expect(taken[0]?.leaseToken).not.toBe(run!.leaseToken);
    console.info(`renewals stopped: the run was claimable again after ${Date.now() - stoppedAt} ms (window 3000 ms)`);
    expect(warnings()).toEqual([]);
  }, 30_000);

  test("a renewer never revives a lease its paused holder let expire", async () => {
    await addDueCheck(100);
    const [run] = await claimDueRuns(db(), "one", 10);
    await query("UPDATE schedule SET lease_until = now() - interval '1 millisecond'");
    const renewer = new LeaseRenewer(db(), logger, { everyMs: 50, windowSeconds: 3 });
    renewers.push(renewer);
    renewer.hold(run!); // the holder resumes and its heartbeat ticks
    renewer.start();
    // Three renewal statements later the lease is still expired and the run is claimable by another instance.
    expect(await eventually(async () => renewer.renewals >= 3, 10_000)).toBe(true);
    expect(await leaseLeft()).toBeLessThan(0);
    expect(await claimDueRuns(db(), "two", 10)).toHaveLength(1);
  }, 20_000);

  test("the scheduler keeps renewing a run's lease until its write has settled: a write blocked past the lease is still recorded, once", async () => {
    await addDueCheck(100); // initial lease 1.1 s
    // Another transaction holds the check's row: the writer (which takes it FOR SHARE) waits, as behind a busy database.
    const blocker = await pool().connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("SELECT id FROM checks FOR UPDATE");
      const writer = new ResultWriter({ database: db(), instanceId: "one", emitHook: () => undefined, logger });
      let probes = 0;
      const strategy = { id: "http", displayName: "HTTP", execute: async () => (probes++, { healthy: true }) };
      const scheduler = new CheckScheduler(
        db(),
        { strategy: () => strategy, openConfig: () => ({}), logger },
        writer,
        { instanceId: "one", concurrency: 10, idleMs: 200, leaseRenewal: { everyMs: 100, windowSeconds: 3 } },
        logger,
      );
      scheduler.start();
      try {
        expect(await eventually(async () => (await query("SELECT 1 FROM schedule WHERE lease_owner = 'one'")).length > 0, 10_000)).toBe(true);
        const [{ until: initialEnd, token }] = (await query<{ until: Date; token: string }>("SELECT lease_until AS until, lease_token AS token FROM schedule")) as [
          { until: Date; token: string },
        ];
        // Blocked past the initial lease and a whole renewal window: only renewals kept up through the write hold it.
        const pastWindow = async () => (await query<{ past: boolean }>("SELECT now() > $1::timestamptz + interval '3.5 seconds' AS past", [initialEnd]))[0]!.past;
        while (!(await pastWindow())) {
          expect(await claimDueRuns(db(), "two", 10)).toEqual([]);
          // Not claimed again by anyone, the scheduler itself included.
          expect(await query("SELECT lease_token AS token FROM schedule")).toEqual([{ token }]);
          await Bun.sleep(100);
        }
        expect(await claimDueRuns(db(), "two", 10)).toEqual([]);
        await blocker.query("COMMIT");
        expect(await eventually(async () => (await query("SELECT 1 FROM runs")).length > 0, 10_000)).toBe(true);
      } finally {
        await blocker.query("ROLLBACK").catch(() => undefined); // a failed expectation must not leave the writer (and stop()) blocked
        await scheduler.stop();
      }
      expect(await query("SELECT instance_id, healthy FROM runs")).toEqual([{ instance_id: "one", healthy: true }]);
      expect(probes).toBe(1); // the target was probed once
      expect(await query("SELECT lease_owner, lease_token FROM schedule")).toEqual([{ lease_owner: null, lease_token: null }]);
      expect(warnings()).toEqual([]);
    } finally {
      await blocker.query("ROLLBACK").catch(() => undefined);
      blocker.release();
    }
  }, 30_000);
});
