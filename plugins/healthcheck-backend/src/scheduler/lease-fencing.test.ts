import { describe, expect, test } from "bun:test";
import type { EmitHook } from "@checkstack/backend-api";
import { ResultWriter } from "../results/result-writer";
import { forgetDeletedSystems, forgetSystem } from "../system-removal";
import type { RunOutcome } from "./check-runner";
import { claimDueRuns, type ClaimedRun } from "./claim";
import { useSchedulerTestDatabase } from "./scheduler-test-database";

const { database: db, query, logged, logger } = useSchedulerTestDatabase();

/** A check on `systems`, each pair due `offsetsSeconds[i]` seconds from now (negative: overdue). */
async function addCheck(systems: string[], options: { intervalSeconds?: number; offsetsSeconds?: number[] } = {}): Promise<string> {
  const [row] = await query<{ id: string }>(
    "INSERT INTO checks (name, strategy_id, config, interval_seconds, timeout_ms) VALUES ('c', 'http', '{}', $1, 1000) RETURNING id",
    [options.intervalSeconds ?? 10],
  );
  const id = row!.id;
  for (const [index, systemId] of systems.entries()) {
    await query("INSERT INTO check_systems (check_id, system_id) VALUES ($1, $2)", [id, systemId]);
    await query("INSERT INTO schedule (check_id, system_id, next_run_at) VALUES ($1, $2, now() + make_interval(secs => $3))", [
      id,
      systemId,
      options.offsetsSeconds?.[index] ?? 0,
    ]);
  }
  return id;
}

function outcome(run: ClaimedRun, healthy: boolean): RunOutcome {
  return {
    checkId: run.checkId,
    systemId: run.systemId,
    scheduledAt: run.scheduledAt,
    leaseToken: run.leaseToken,
    claimedAt: run.claimedAt,
    startedAt: new Date(),
    durationMs: 5,
    healthy,
    message: healthy ? null : "timed out after 1000 ms",
    metadata: {},
  };
}

function writerFor(instanceId: string, emitHook?: EmitHook): ResultWriter {
  return new ResultWriter({ database: db(), instanceId, emitHook: () => emitHook, logger });
}

async function write(writer: ResultWriter, outcomes: RunOutcome[]): Promise<void> {
  for (const entry of outcomes) writer.add(entry);
  await writer.flush();
}

const expireLeases = () => query("UPDATE schedule SET lease_until = now() - interval '1 second' WHERE lease_until IS NOT NULL");

describe("leases fence the result writer", () => {
  test("an instance paused past its lease records nothing once another instance holds the pair", async () => {
    await addCheck(["sys-a"]);
    const [stale] = await claimDueRuns(db(), "paused", 10);
    expect(stale).toBeDefined();
    await expireLeases(); // the pause outlasted the lease
    const [fresh] = await claimDueRuns(db(), "other", 10);
    // The lost run is due again at once, under its own scheduled time (not one interval later).
    expect(fresh?.scheduledAt.getTime()).toBe(stale!.scheduledAt.getTime());
    expect(fresh?.leaseToken).not.toBe(stale!.leaseToken);

    await write(writerFor("paused"), [outcome(stale!, false)]);
    expect(await query("SELECT * FROM runs")).toEqual([]);
    expect(await query("SELECT * FROM check_state")).toEqual([]);
    expect(logged.find((line) => line.message.startsWith("check results dropped"))).toMatchObject({ level: "info", fields: { dropped: 1 } });

    await write(writerFor("other"), [outcome(fresh!, true)]);
    expect(await query("SELECT instance_id, healthy FROM runs")).toEqual([{ instance_id: "other", healthy: true }]);
    expect(await query("SELECT lease_owner, lease_token FROM schedule")).toEqual([{ lease_owner: null, lease_token: null }]);
  });

  test("an expired lease no one has taken yet is not the writer's either", async () => {
    await addCheck(["sys-a"]);
    const [run] = await claimDueRuns(db(), "paused", 10);
    await expireLeases();
    await write(writerFor("paused"), [outcome(run!, false)]);
    expect(await query("SELECT * FROM runs")).toEqual([]);
    // Still due, so the next claim reruns it.
    expect(await claimDueRuns(db(), "other", 10)).toHaveLength(1);
  });

  test("a current lease is honoured, and the pair is not due again until its next run", async () => {
    await addCheck(["sys-a", "sys-b"]);
    const claimed = await claimDueRuns(db(), "one", 10);
    expect(claimed).toHaveLength(2);
    expect(await claimDueRuns(db(), "two", 10)).toEqual([]); // leased: not claimable
    await write(writerFor("one"), claimed.map((run) => outcome(run, true)));
    expect(await query<{ n: number }>("SELECT count(*)::int AS n FROM runs")).toEqual([{ n: 2 }]);
    expect(await claimDueRuns(db(), "two", 10)).toEqual([]);
  });
});

describe("after a stall", () => {
  test("each overdue pair runs once, and the pairs keep their phase and spread", async () => {
    const interval = 10;
    const pairs = 20;
    // Spread over the interval: pair i due at i × 0.5 s, then the cluster stalls for 9.5 intervals.
    const offsets = Array.from({ length: pairs }, (_, index) => index * 0.5 - 9.5 * interval);
    await addCheck(
      Array.from({ length: pairs }, (_, index) => `sys-${String(index).padStart(2, "0")}`),
      { intervalSeconds: interval, offsetsSeconds: offsets },
    );
    const before = await query<{ system_id: string; at: number }>("SELECT system_id, extract(epoch FROM next_run_at)::float8 AS at FROM schedule ORDER BY system_id");

    const claimed = await claimDueRuns(db(), "one", 100);
    expect(claimed).toHaveLength(pairs);
    await write(writerFor("one"), claimed.map((run) => outcome(run, true)));

    // How far past the claim each pair's next run is: due again at the claim would mean a second run back to back.
    const after = await query<{ system_id: string; at: number; ahead: number }>(
      "SELECT system_id, extract(epoch FROM next_run_at)::float8 AS at, extract(epoch FROM next_run_at - $1::timestamptz)::float8 AS ahead FROM schedule ORDER BY system_id",
      [claimed[0]!.claimedAt],
    );
    for (const [index, row] of after.entries()) {
      const moved = row.at - before[index]!.at;
      // Moved by whole intervals (phase kept), to the first such time in the future.
      expect(Math.abs(moved / interval - Math.round(moved / interval))).toBeLessThan(1e-6);
      expect(row.ahead).toBeGreaterThan(0);
      expect(row.ahead).toBeLessThanOrEqual(interval);
    }
    const spread = (rows: Array<{ at: number }>) => {
      const phases = rows.map((row) => (((row.at % interval) + interval) % interval)).sort((x, y) => x - y);
      return new Set(phases.map((phase) => phase.toFixed(3))).size;
    };
    // Twenty distinct phases before, twenty after: the stall did not line the pairs up.
    expect(spread(before)).toBe(pairs);
    expect(spread(after)).toBe(pairs);
  });
});

describe("status transitions", () => {
  test("are logged only after their transaction commits", async () => {
    await addCheck(["sys-a", "sys-b"]);
    const claimed = await claimDueRuns(db(), "one", 10);
    let emits = 0;
    // The second transition's hook cannot be recorded: the whole batch rolls back.
    const failingEmit: EmitHook = async () => {
      if (++emits === 2) throw new Error("outbox unavailable");
    };
    await write(writerFor("one", failingEmit), claimed.map((run) => outcome(run, false)));
    expect(emits).toBe(2);
    expect(await query("SELECT * FROM runs")).toEqual([]);
    expect(logged.filter((line) => line.message === "system status changed")).toEqual([]);
    expect(logged.some((line) => line.level === "error" && line.message === "writing check results failed")).toBe(true);

    // The same leases are still current (the rollback released nothing): written again, it commits and is logged.
    await write(writerFor("one", async () => undefined), claimed.map((run) => outcome(run, false)));
    expect(logged.filter((line) => line.message === "system status changed").map((line) => line.fields?.["systemId"]).sort()).toEqual(["sys-a", "sys-b"]);
  });
});

describe("a deleted system", () => {
  test("leaves its checks' system lists and schedule; its run in flight is not recorded; a check left with none is not run", async () => {
    const shared = await addCheck(["sys-gone", "sys-kept"]);
    const lonely = await addCheck(["sys-gone"]);
    const claimed = await claimDueRuns(db(), "one", 10);
    expect(claimed).toHaveLength(3);

    expect(await forgetSystem(db(), "sys-gone")).toEqual({ checks: 2 });
    expect(await forgetSystem(db(), "sys-gone")).toEqual({ checks: 0 }); // a redelivered event is a no-op

    await write(writerFor("one"), claimed.map((run) => outcome(run, true)));
    expect(await query("SELECT check_id, system_id FROM runs")).toEqual([{ check_id: shared, system_id: "sys-kept" }]);
    expect(await query("SELECT check_id, system_id FROM check_systems ORDER BY check_id")).toEqual([{ check_id: shared, system_id: "sys-kept" }]);
    expect(await query("SELECT system_id FROM schedule")).toEqual([{ system_id: "sys-kept" }]);
    expect(await query("SELECT system_id FROM system_status")).toEqual([{ system_id: "sys-kept" }]);
    await query("UPDATE schedule SET next_run_at = now() - interval '1 second'");
    expect((await claimDueRuns(db(), "one", 10)).map((run) => run.checkId)).toEqual([shared]);
    expect(lonely).toBeDefined();
  });

  test("deletions nobody heard of are caught up from the catalog's answer; no answer forgets nothing", async () => {
    const check = await addCheck(["sys-kept", "sys-gone"]);
    expect(await forgetDeletedSystems(db(), async () => undefined)).toEqual([]);
    expect(await query<{ n: number }>("SELECT count(*)::int AS n FROM check_systems")).toEqual([{ n: 2 }]);
    const asked: string[][] = [];
    const catalog = async (ids: string[]) => {
      asked.push([...ids].sort());
      return new Set(ids.filter((id) => id === "sys-kept"));
    };
    expect(await forgetDeletedSystems(db(), catalog)).toEqual(["sys-gone"]);
    expect(asked).toEqual([["sys-gone", "sys-kept"]]);
    expect(await query("SELECT check_id, system_id FROM check_systems")).toEqual([{ check_id: check, system_id: "sys-kept" }]);
    expect(await query("SELECT system_id FROM schedule")).toEqual([{ system_id: "sys-kept" }]);
  });
});
