/**
 * The SQL of the job queue room, in one place: interval schedules
 * (checkstack.recurring_jobs), read-only counts over pg-boss's job tables, and
 * the role switch the platform's own sends borrow. Parameters in the order
 * each comment gives.
 */

/** Removes an interval schedule (plugin id, name); no tick claims it after this commits. */
export const DELETE_INTERVAL = "DELETE FROM checkstack.recurring_jobs WHERE plugin_id = $1 AND name = $2";

/**
 * Declares an interval schedule (plugin id, name, queue, every seconds, data json). Every instance declares the
 * same one at boot: an unchanged declaration writes nothing and keeps the schedule's phase; a new interval moves
 * the next run earlier when it is due sooner. The first run of a new schedule is one interval from now.
 */
export const DECLARE_INTERVAL = `INSERT INTO checkstack.recurring_jobs AS r (plugin_id, name, queue, every_seconds, data, next_run_at)
     VALUES ($1, $2, $3, $4::int, $5::jsonb, now() + $4::int * interval '1 second')
     ON CONFLICT (plugin_id, name) DO UPDATE SET
       queue = EXCLUDED.queue,
       data = EXCLUDED.data,
       every_seconds = EXCLUDED.every_seconds,
       next_run_at = CASE WHEN r.every_seconds = EXCLUDED.every_seconds THEN r.next_run_at
                          ELSE LEAST(r.next_run_at, EXCLUDED.next_run_at) END,
       updated_at = now()
     WHERE (r.queue, r.every_seconds, r.data) IS DISTINCT FROM (EXCLUDED.queue, EXCLUDED.every_seconds, EXCLUDED.data)`;

/**
 * Claims due rows (batch size) and moves each to its next tick after now. Rows another instance is claiming
 * are skipped, not waited for; ticks missed while the cluster was down are skipped rather than fired in a
 * burst; only rows still due when locked are claimed, so a row advanced by another instance a moment earlier
 * is left alone.
 */
export const CLAIM_DUE = `
  WITH due AS (
    SELECT plugin_id, name, next_run_at FROM checkstack.recurring_jobs
    WHERE next_run_at <= now()
    ORDER BY next_run_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  )
  UPDATE checkstack.recurring_jobs r
  SET next_run_at = due.next_run_at
    + r.every_seconds * interval '1 second' * (floor(extract(epoch FROM now() - due.next_run_at) / r.every_seconds) + 1)
  FROM due
  WHERE r.plugin_id = due.plugin_id AND r.name = due.name
  RETURNING r.queue, r.data`;

/** Milliseconds until the earliest schedule is due (negative when overdue), or null when there is none. */
export const NEXT_DUE = `SELECT (extract(epoch FROM min(next_run_at) - clock_timestamp()) * 1000)::float8 AS ms FROM checkstack.recurring_jobs`;

/**
 * Counts one queue's jobs (queue name) in its pg-boss job table (a validated, schema-qualified name: tables
 * cannot be parameters). Read from the table rather than pg-boss's cached counts, which its monitor refreshes
 * only every few seconds; a job waiting for its delay or retry backoff is "deferred".
 */
export function countQueueJobs(table: string): string {
  return `SELECT
       count(*) FILTER (WHERE state < 'active' AND start_after <= now())::int AS queued,
       count(*) FILTER (WHERE state = 'active')::int AS active,
       count(*) FILTER (WHERE state < 'active' AND start_after > now())::int AS deferred,
       count(*) FILTER (WHERE state = 'failed')::int AS failed,
       extract(epoch FROM now() - min(start_after) FILTER (WHERE state < 'active' AND start_after <= now()))::float8 AS oldest
     FROM ${table} WHERE name = $1`;
}

/**
 * A dead-letter queue's jobs (queue name, limit), newest first, from its job table (as above). The error is
 * the failure output: {message} from a handler, or {value: {message}} when pg-boss expired the job.
 */
export function listDeadLetterJobs(table: string): string {
  return `SELECT id, data, COALESCE(output->>'message', output->'value'->>'message') AS error, created_on AS failed_at
     FROM ${table} WHERE name = $1
     ORDER BY created_on DESC, id DESC
     LIMIT $2`;
}

/**
 * Leaves the application role for the rest of the transaction and returns the role it had, read before the
 * switch (MATERIALIZED keeps the read ahead of set_config). pg-boss's send() needs INSERT ... RETURNING, a read
 * the application role is not granted.
 */
export const BORROW_LOGIN_ROLE =
  "WITH current AS MATERIALIZED (SELECT current_setting('role') AS previous) SELECT previous, set_config('role', 'none', true) FROM current";

/** Returns to the role (name) BORROW_LOGIN_ROLE reported, for the rest of the transaction. */
export const RESTORE_ROLE = "SELECT set_config('role', $1, true)";
