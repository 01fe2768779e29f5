import type PgBoss from "pg-boss";
import type { Pool } from "pg";
import type { QueueJob, QueueStats } from "@checkstack/backend-api";
import { countQueueJobs, listDeadLetterJobs } from "./queue-statements";

/** The schema startBoss() installs pg-boss in. */
const BOSS_SCHEMA = "pgboss";
/** pg-boss names job tables "job_common" or "j<sha224 hex>"; anything else is not interpolated. */
const JOB_TABLE = /^[a-z][a-z0-9_]{0,62}$/;

export type DeadLetter = QueueJob<unknown> & { failedAt: Date; error: string | null };

/** The job table pg-boss keeps the queue's jobs in, or null while the queue does not exist. */
async function jobTable(boss: PgBoss, queue: string): Promise<string | null> {
  const found = await boss.getQueue(queue);
  if (!found) return null;
  const table = String(found.table);
  if (!JOB_TABLE.test(table)) throw new Error(`unexpected pg-boss job table "${table}" for queue ${queue}`);
  return `${BOSS_SCHEMA}.${table}`;
}

/**
 * Counted from the job table (read-only) rather than pg-boss's cached counts,
 * which its monitor refreshes only every few seconds. "queued" is ready to
 * run now; a job waiting for its delay or retry backoff is "deferred".
 */
export async function queueStats(boss: PgBoss, pool: Pool, queue: string): Promise<QueueStats> {
  const table = await jobTable(boss, queue);
  if (!table) return { queued: 0, active: 0, deferred: 0, failed: 0, oldestWaitingSeconds: null };
  const result = await pool.query<{ queued: number; active: number; deferred: number; failed: number; oldest: number | null }>(countQueueJobs(table), [queue]);
  const row = result.rows[0];
  return {
    queued: row?.queued ?? 0,
    active: row?.active ?? 0,
    deferred: row?.deferred ?? 0,
    failed: row?.failed ?? 0,
    oldestWaitingSeconds: row?.oldest ?? null,
  };
}

/**
 * Jobs pg-boss copied to the dead-letter queue when they used up their
 * retries, newest first. The error is the failure output: {message} from a
 * handler, or {value: {message}} when pg-boss expired the job.
 */
export async function deadLetters(boss: PgBoss, pool: Pool, deadLetterQueue: string, limit: number): Promise<DeadLetter[]> {
  const table = await jobTable(boss, deadLetterQueue);
  if (!table) return [];
  const result = await pool.query<{ id: string; data: unknown; error: string | null; failed_at: Date }>(listDeadLetterJobs(table), [deadLetterQueue, limit]);
  return result.rows.map((row) => ({ id: row.id, data: row.data, failedAt: row.failed_at, error: row.error }));
}
