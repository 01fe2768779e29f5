import { sql } from "drizzle-orm";
import type { SafeDatabase } from "@checkstack/backend-api";
import type { Assertion } from "@checkstack/healthcheck-common";
import type * as schema from "../schema";
import { checks, checkSystems, schedule } from "../schema";

export type HealthcheckDatabase = SafeDatabase<typeof schema>;

/**
 * A schedule row runs only while its check is enabled and still attached to
 * the system. Schedule rows a caller could not remove (row security: a system
 * it may not manage) or left behind by a race must not keep a check running.
 */
const runnable = sql`EXISTS (
  SELECT 1 FROM ${checks} AS rc JOIN ${checkSystems} AS rs ON rs.check_id = rc.id
   WHERE rc.id = ${schedule.checkId} AND rs.system_id = ${schedule.systemId} AND rc.enabled)`;

/** Extra lease time past the check's timeout: the run is aborted at the timeout, so this only covers writing its result. */
const LEASE_GRACE_SECONDS = 1;

export interface ClaimedRun {
  checkId: string;
  systemId: string;
  scheduledAt: Date;
  strategyId: string;
  sealedConfig: unknown;
  timeoutMs: number;
  assertions: Assertion[];
}

interface ClaimRow extends Record<string, unknown> {
  check_id: string;
  system_id: string;
  scheduled_at: string | Date;
  strategy_id: string;
  config: unknown;
  timeout_ms: number;
  assertions: Assertion[];
}

/**
 * Claims up to `limit` due (check, system) pairs for this instance. SKIP
 * LOCKED lets instances claim side by side without waiting on each other;
 * a pair still leased (its last run not written yet) is not due, so a slow
 * check never overlaps its next run; an expired lease (its instance died) is.
 * The next run is one interval after the scheduled time, or now when the
 * cluster has fallen further behind than that (missed runs are not burst).
 */
export async function claimDueRuns(database: HealthcheckDatabase, instanceId: string, limit: number): Promise<ClaimedRun[]> {
  const result = await database.transaction((tx) =>
    tx.execute<ClaimRow>(sql`
      WITH due AS (
        SELECT ${schedule.checkId} AS check_id, ${schedule.systemId} AS system_id, ${schedule.nextRunAt} AS scheduled_at
          FROM ${schedule}
         WHERE ${schedule.nextRunAt} <= now() AND (${schedule.leaseUntil} IS NULL OR ${schedule.leaseUntil} < now())
           AND ${runnable}
         ORDER BY ${schedule.nextRunAt}
         LIMIT ${limit}
         FOR UPDATE SKIP LOCKED)
      UPDATE ${schedule} AS s
         SET lease_owner = ${instanceId},
             lease_until = now() + make_interval(secs => c.timeout_ms / 1000.0 + ${LEASE_GRACE_SECONDS}),
             next_run_at = greatest(due.scheduled_at + make_interval(secs => c.interval_seconds), now())
        FROM due JOIN ${checks} AS c ON c.id = due.check_id
       WHERE s.check_id = due.check_id AND s.system_id = due.system_id
      RETURNING s.check_id, s.system_id, due.scheduled_at, c.strategy_id, c.config, c.timeout_ms, c.assertions`),
  );
  return result.rows.map((row) => ({
    checkId: row.check_id,
    systemId: row.system_id,
    scheduledAt: new Date(row.scheduled_at),
    strategyId: row.strategy_id,
    sealedConfig: row.config,
    timeoutMs: row.timeout_ms,
    assertions: row.assertions,
  }));
}

/** Milliseconds until the next unleased pair is due (capped), so an idle scheduler sleeps exactly as long as it may. */
export async function millisecondsUntilNextDue(database: HealthcheckDatabase, capMs: number): Promise<number> {
  const result = await database.execute<{ wait_ms: number | null }>(sql`
    SELECT (extract(epoch FROM min(${schedule.nextRunAt}) - now()) * 1000)::float8 AS wait_ms
      FROM ${schedule}
     WHERE (${schedule.leaseUntil} IS NULL OR ${schedule.leaseUntil} < now()) AND ${runnable}`);
  const wait = result.rows[0]?.wait_ms;
  return wait === null || wait === undefined ? capMs : Math.max(0, Math.min(capMs, wait));
}
