import { sql } from "drizzle-orm";
import type { EmitHook, Logger } from "@checkstack/backend-api";
import { healthcheckHooks, RECORDED_RUN_MESSAGE_MAX, ThresholdsSchema, type HealthStatus } from "@checkstack/healthcheck-common";
import type { HealthcheckDatabase } from "../scheduler/claim";
import type { RunOutcome } from "../scheduler/check-runner";
import { checks, checkState, checkSystems, runs, schedule, systemStatus, systemThresholds } from "../schema";
import { DEFAULT_THRESHOLDS, judge, systemStatusOf, type CheckJudgement } from "./thresholds";

const FLUSH_EVERY_MS = 100;
const FLUSH_AT = 250;

const transitionHook = {
  healthy: healthcheckHooks.systemHealthy,
  degraded: healthcheckHooks.systemDegraded,
  unhealthy: healthcheckHooks.systemUnhealthy,
} as const;

type Tx = Parameters<Parameters<HealthcheckDatabase["transaction"]>[0]>[0];

interface Transition {
  systemId: string;
  previous: HealthStatus;
  status: HealthStatus;
  hook: string;
}

/**
 * Writes run outcomes in batches, each batch one transaction: the release of
 * their leases, the runs, each (check, system)'s new judgement and the
 * systems' statuses. An outcome is recorded only if the lease it ran under is
 * still current (same token, not expired) and its pair still exists: an
 * instance that was paused past its lease, or a run of a system removed
 * meanwhile, writes nothing (fencing). A system whose status changes is
 * updated under a row lock and its transition hook emitted in the same
 * transaction, so each change is one update and one event, cluster-wide.
 */
export class ResultWriter {
  private pending: RunOutcome[] = [];
  /** Settles the pending batch's callers once its write has settled (written, dropped by the fence, or failed). */
  private pendingSettled: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: { database: HealthcheckDatabase; instanceId: string; emitHook: () => EmitHook | undefined; logger: Logger },
  ) {}

  /**
   * Queues an outcome for the next batch. The promise resolves (never rejects) once that batch's write has
   * settled: until then the scheduler keeps renewing the outcome's lease, so a slow write does not lose it.
   */
  add(outcome: RunOutcome): Promise<void> {
    const settled = new Promise<void>((resolve) => this.pendingSettled.push(resolve));
    this.pending.push(outcome);
    if (this.pending.length >= FLUSH_AT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
    return settled;
  }

  /** Writes what is pending; batches are written one after another, in order. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    const settled = this.pendingSettled;
    this.pending = [];
    this.pendingSettled = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() =>
      this.write(batch)
        .catch((error: unknown) => this.deps.logger.error("writing check results failed", { error, runs: batch.length }))
        .finally(() => settled.forEach((resolve) => resolve())),
    );
    return this.flushing;
  }

  private async write(batch: RunOutcome[]): Promise<void> {
    const { kept, transitions } = await this.deps.database.transaction(async (tx) => {
      await this.lockChecks(tx, batch);
      const current = await this.releaseLeases(tx, batch);
      const kept = batch.filter((outcome) => current.has(outcome.leaseToken));
      if (kept.length === 0) return { kept, transitions: [] };
      const inserted = await tx.insert(runs).values(
        kept.map((outcome) => ({
          checkId: outcome.checkId,
          systemId: outcome.systemId,
          scheduledAt: outcome.scheduledAt,
          startedAt: outcome.startedAt,
          durationMs: outcome.durationMs,
          healthy: outcome.healthy,
          message: outcome.message,
          metadata: outcome.metadata,
          instanceId: this.deps.instanceId,
        })),
      // A multi-row VALUES insert returns its rows in the order given.
      ).returning({ id: runs.id });
      await this.announceRuns(kept, inserted.map((row) => row.id));
      await this.judge(tx, kept);
      return { kept, transitions: await this.updateSystems(tx, [...new Set(kept.map((outcome) => outcome.systemId))]) };
    });
    // Logged only once the transaction has committed: a batch that rolled back changed nothing.
    const dropped = batch.length - kept.length;
    if (dropped > 0) {
      const sample = batch.filter((outcome) => !kept.includes(outcome)).slice(0, 5).map((outcome) => `${outcome.checkId}/${outcome.systemId}`);
      this.deps.logger.info("check results dropped: their lease had expired or passed to another instance, or their pair was removed", { dropped, sample });
    }
    for (const transition of transitions) this.deps.logger.info("system status changed", { ...transition });
  }

  /** One hook event for the batch's runs, in the batch's transaction: announced only if they were recorded. */
  private async announceRuns(kept: RunOutcome[], ids: number[]): Promise<void> {
    const emit = this.deps.emitHook();
    if (!emit) return;
    const recorded = kept.map((outcome, index) => ({
      id: ids[index] ?? 0,
      checkId: outcome.checkId,
      systemId: outcome.systemId,
      healthy: outcome.healthy,
      startedAt: outcome.startedAt.toISOString(),
      durationMs: outcome.durationMs,
      message: outcome.message === null ? null : outcome.message.slice(0, RECORDED_RUN_MESSAGE_MAX),
    }));
    await emit(healthcheckHooks.runsRecorded, { runs: recorded });
  }

  /**
   * Holds the checks for the rest of the transaction: a check deleted
   * meanwhile waits for this batch, instead of deadlocking with it over the
   * schedule rows (its cascade) and check_state (our foreign key).
   */
  private async lockChecks(tx: Tx, batch: RunOutcome[]): Promise<void> {
    const ids = [...new Set(batch.map((outcome) => outcome.checkId))];
    await tx.execute(sql`SELECT ${checks.id} FROM ${checks} WHERE ${checks.id} = ANY(${sql.param(ids)}::uuid[]) ORDER BY ${checks.id} FOR SHARE`);
  }

  /**
   * The fence: releases the leases still held under the outcomes' tokens
   * (unexpired, pair still assigned) and moves each to its next run, the
   * first of scheduled + k × interval after the claim. Missed runs are thus
   * skipped, not burst, and each pair keeps its phase (and the cluster its
   * spread) however late the run was. Returns the tokens honoured.
   *
   * Why token and live lease, not the token alone: the token alone already
   * stops a double record (a re-claim changes it). But an expired lease that
   * nobody has claimed yet (one instance, or all busy) is not the writer's
   * either, or an instance paused past its lease would record the "timeout"
   * its pause caused (issue 13 item 3). A live holder loses nothing by the
   * stricter fence: its renewals (LeaseRenewer) keep the lease live until its
   * write has settled.
   */
  private async releaseLeases(tx: Tx, batch: RunOutcome[]): Promise<Set<string>> {
    const released = await tx.execute<{ token: string }>(sql`
      UPDATE ${schedule} AS s
         SET lease_owner = NULL, lease_until = NULL, lease_token = NULL,
             next_run_at = s.next_run_at + make_interval(secs => c.interval_seconds
               * (floor(greatest(0, extract(epoch FROM k.claimed_at - s.next_run_at)) / c.interval_seconds) + 1))
        FROM unnest(${sql.param(batch.map((outcome) => outcome.checkId))}::uuid[], ${sql.param(batch.map((outcome) => outcome.systemId))}::text[],
                    ${sql.param(batch.map((outcome) => outcome.leaseToken))}::uuid[], ${sql.param(batch.map((outcome) => outcome.claimedAt))}::timestamptz[])
               AS k(check_id, system_id, token, claimed_at)
        JOIN ${checks} AS c ON c.id = k.check_id
       WHERE s.check_id = k.check_id AND s.system_id = k.system_id
         AND s.lease_token = k.token AND s.lease_until >= now()
         AND EXISTS (SELECT 1 FROM ${checkSystems} AS cs WHERE cs.check_id = k.check_id AND cs.system_id = k.system_id)
      RETURNING k.token::text AS token`);
    return new Set(released.rows.map((row) => row.token));
  }

  private async judge(tx: Tx, batch: RunOutcome[]): Promise<void> {
    const keys = [...new Map(batch.map((outcome) => [`${outcome.checkId}|${outcome.systemId}`, outcome])).values()];
    const previous = await tx.execute<{ check_id: string; system_id: string; consecutive_failures: number; recent: string }>(sql`
      SELECT cs.check_id, cs.system_id, cs.consecutive_failures, cs.recent
        FROM ${checkState} AS cs
        JOIN unnest(${sql.param(keys.map((key) => key.checkId))}::uuid[], ${sql.param(keys.map((key) => key.systemId))}::text[]) AS k(check_id, system_id)
          ON cs.check_id = k.check_id AND cs.system_id = k.system_id
       ORDER BY cs.check_id, cs.system_id
         FOR UPDATE OF cs`);
    const systems = [...new Set(batch.map((outcome) => outcome.systemId))];
    const thresholdRows = await tx.execute<{ system_id: string; thresholds: unknown }>(
      sql`SELECT ${systemThresholds.systemId} AS system_id, ${systemThresholds.thresholds} AS thresholds FROM ${systemThresholds} WHERE ${systemThresholds.systemId} = ANY(${sql.param(systems)}::text[])`,
    );
    const thresholds = new Map(thresholdRows.rows.map((row) => [row.system_id, ThresholdsSchema.parse(row.thresholds)]));
    const states = new Map<string, CheckJudgement & { lastRunAt: Date; lastMessage: string | null }>(
      previous.rows.map((row) => [
        `${row.check_id}|${row.system_id}`,
        { status: "unknown", consecutiveFailures: row.consecutive_failures, recent: row.recent, lastRunAt: new Date(0), lastMessage: null },
      ]),
    );
    for (const outcome of [...batch].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())) {
      const key = `${outcome.checkId}|${outcome.systemId}`;
      const judged = judge(states.get(key), outcome.healthy, thresholds.get(outcome.systemId) ?? DEFAULT_THRESHOLDS);
      states.set(key, { ...judged, lastRunAt: outcome.startedAt, lastMessage: outcome.message });
    }
    const rows = [...states.entries()]
      .filter(([, state]) => state.lastRunAt.getTime() > 0)
      .map(([key, state]) => {
        const [checkId = "", systemId = ""] = key.split("|");
        return { checkId, systemId, status: state.status, consecutiveFailures: state.consecutiveFailures, recent: state.recent, lastRunAt: state.lastRunAt, lastMessage: state.lastMessage };
      });
    await tx
      .insert(checkState)
      .values(rows)
      .onConflictDoUpdate({
        target: [checkState.checkId, checkState.systemId],
        set: {
          status: sql`excluded.status`,
          consecutiveFailures: sql`excluded.consecutive_failures`,
          recent: sql`excluded.recent`,
          lastRunAt: sql`excluded.last_run_at`,
          lastMessage: sql`excluded.last_message`,
        },
      });
  }

  /** Locks the systems' status rows in id order (no deadlocks between instances), then records and announces changes. */
  private async updateSystems(tx: Tx, systemIds: string[]): Promise<Transition[]> {
    await tx.execute(sql`INSERT INTO ${systemStatus} (system_id, status) SELECT unnest(${sql.param(systemIds)}::text[]), 'unknown' ON CONFLICT DO NOTHING`);
    const current = await tx.execute<{ system_id: string; status: HealthStatus }>(sql`
      SELECT ${systemStatus.systemId} AS system_id, ${systemStatus.status} AS status FROM ${systemStatus}
       WHERE ${systemStatus.systemId} = ANY(${sql.param(systemIds)}::text[]) ORDER BY ${systemStatus.systemId} FOR UPDATE`);
    const judged = await tx.execute<{ system_id: string; statuses: HealthStatus[] }>(sql`
      SELECT ${checkState.systemId} AS system_id, array_agg(${checkState.status}) AS statuses FROM ${checkState}
       WHERE ${checkState.systemId} = ANY(${sql.param(systemIds)}::text[]) GROUP BY ${checkState.systemId}`);
    const worst = new Map(judged.rows.map((row) => [row.system_id, systemStatusOf(row.statuses)]));
    const emit = this.deps.emitHook();
    const transitions: Transition[] = [];
    for (const row of current.rows) {
      const next = worst.get(row.system_id) ?? "unknown";
      if (next === row.status || next === "unknown") continue;
      await tx.execute(sql`UPDATE ${systemStatus} SET status = ${next}, since = now() WHERE ${systemStatus.systemId} = ${row.system_id}`);
      // The hook's outbox row is part of this transaction: it is delivered only if the change commits.
      await emit?.(transitionHook[next], { systemId: row.system_id, previous: row.status, status: next, at: new Date().toISOString() });
      transitions.push({ systemId: row.system_id, previous: row.status, status: next, hook: transitionHook[next].id });
    }
    return transitions;
  }

  async stop(): Promise<void> {
    await this.flush();
  }
}
