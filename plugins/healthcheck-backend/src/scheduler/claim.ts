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

/**
 * Extra initial lease time past the check's timeout: the run is aborted at the
 * timeout, so this only covers the first moments; from then on the holder
 * renews the lease while the run is in flight (lease-renewal.ts), so a slow
 * claim, probe or write on a loaded machine does not let the lease lapse.
 */
const LEASE_GRACE_SECONDS = 1;

/** When a pair can next be claimed: its run time, or the end of its live lease if later (greatest() skips a NULL lease). */
const dueAt = sql`greatest(${schedule.nextRunAt}, ${schedule.leaseUntil})`;

/** The lease a run was claimed under; the result writer presents it back, and it is honoured only while still current. */
export interface Lease {
  /** Fencing token, new at every claim. */
  leaseToken: string;
  /** The database's clock at the claim, as text so no precision is lost: the next run is the first scheduled time after it. */
  claimedAt: string;
}

export interface ClaimedRun extends Lease {
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
  lease_token: string;
  claimed_at: string;
  strategy_id: string;
  config: unknown;
  timeout_ms: number;
  assertions: Assertion[];
}

/**
 * Claims up to `limit` due (check, system) pairs for this instance. SKIP
 * LOCKED lets instances claim side by side without waiting on each other.
 * A pair is due when its run time has come and no live lease holds it: a
 * slow check never overlaps its next run, and a run whose instance died
 * (its lease expired unwritten) is due again at once, under its original
 * scheduled time. next_run_at stays at the claimed run's time until the
 * result is written (see ResultWriter), which is what makes that work.
 */
export async function claimDueRuns(database: HealthcheckDatabase, instanceId: string, limit: number): Promise<ClaimedRun[]> {
  const result = await database.transaction((tx) =>
    tx.execute<ClaimRow>(sql`
      WITH due AS (
        SELECT ${schedule.checkId} AS check_id, ${schedule.systemId} AS system_id
          FROM ${schedule}
         WHERE ${dueAt} <= now() AND ${runnable}
         ORDER BY ${dueAt}
         LIMIT ${limit}
         FOR UPDATE SKIP LOCKED)
      UPDATE ${schedule} AS s
         SET lease_owner = ${instanceId},
             lease_token = gen_random_uuid(),
             lease_until = now() + make_interval(secs => c.timeout_ms / 1000.0 + ${LEASE_GRACE_SECONDS})
        FROM due JOIN ${checks} AS c ON c.id = due.check_id
       WHERE s.check_id = due.check_id AND s.system_id = due.system_id
      RETURNING s.check_id, s.system_id, s.next_run_at AS scheduled_at, s.lease_token::text AS lease_token, now()::text AS claimed_at,
                c.strategy_id, c.config, c.timeout_ms, c.assertions`),
  );
  return result.rows.map((row) => ({
    checkId: row.check_id,
    systemId: row.system_id,
    scheduledAt: new Date(row.scheduled_at),
    leaseToken: row.lease_token,
    claimedAt: row.claimed_at,
    strategyId: row.strategy_id,
    sealedConfig: row.config,
    timeoutMs: row.timeout_ms,
    assertions: row.assertions,
  }));
}

/** Milliseconds until the next pair is claimable (capped), so an idle scheduler sleeps exactly as long as it may. */
export async function millisecondsUntilNextDue(database: HealthcheckDatabase, capMs: number): Promise<number> {
  const result = await database.execute<{ wait_ms: number | null }>(sql`
    SELECT (extract(epoch FROM min(${dueAt}) - now()) * 1000)::float8 AS wait_ms FROM ${schedule} WHERE ${runnable}`);
  const wait = result.rows[0]?.wait_ms;
  return wait === null || wait === undefined ? capMs : Math.max(0, Math.min(capMs, wait));
}
