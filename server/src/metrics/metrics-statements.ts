/** Every SQL statement of the metrics room: cluster-wide values read at scrape time (cached per instance). */

/**
 * Per queue (pg-boss's own tables, every queue listed even when empty): jobs waiting (created or retrying),
 * jobs being handled, and how long the oldest job already due has waited.
 */
export const QUEUE_BACKLOG = `SELECT q.name,
         count(j.id) FILTER (WHERE j.state IN ('created', 'retry'))::int AS waiting,
         count(j.id) FILTER (WHERE j.state = 'active')::int AS active,
         coalesce(extract(epoch FROM now() - min(j.created_on) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= now())), 0)::float8 AS oldest_seconds
    FROM pgboss.queue q
    LEFT JOIN pgboss.job j ON j.name = q.name AND j.state IN ('created', 'retry', 'active')
   GROUP BY q.name`;
