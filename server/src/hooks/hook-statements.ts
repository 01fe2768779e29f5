/**
 * Every SQL statement of the hooks room, in one place: the tables
 * checkstack.hook_outbox, hook_subscriptions and hook_handled_events, and the
 * read-only look at pg-boss's dead-letter jobs. Callers pass the parameters in
 * the order each comment gives.
 */

/** The target recorded for broadcast subscriptions; every other target is a work-queue name. */
export const BROADCAST_TARGET = "broadcast";

/**
 * Records that a plugin subscribed (hook_id, plugin_id, target): emitters look up work-queue targets here.
 * Re-subscribing on every boot only refreshes updated_at, so removal code can tell live subscriptions from stale ones.
 */
export const RECORD_SUBSCRIPTION = `INSERT INTO checkstack.hook_subscriptions (hook_id, plugin_id, target) VALUES ($1, $2, $3)
       ON CONFLICT (hook_id, plugin_id, target) DO UPDATE SET updated_at = now()`;

/**
 * Emits (hook_id, payload json, event_id): one statement writes the outbox row and names the work queues to
 * enqueue into. The row is written whether or not a broadcast subscription is recorded yet: subscriptions are
 * recorded asynchronously, and a data-modifying WITH always runs to completion.
 */
export const EMIT_EVENT = `WITH recorded AS (INSERT INTO checkstack.hook_outbox (hook_id, payload, event_id) VALUES ($1, $2::jsonb, $3))
       SELECT DISTINCT target FROM checkstack.hook_subscriptions WHERE hook_id = $1 AND target <> '${BROADCAST_TARGET}'`;

/** The newest outbox id: a starting instance reads from the present, not from the beginning. */
export const NEWEST_OUTBOX_ID = "SELECT max(id)::text AS newest FROM checkstack.hook_outbox";

/**
 * One batch of outbox rows (position, gap ids[]) past the reader's position, plus the gaps it still waits for
 * (ids of transactions that had not committed when it read past them). The limit is appended by the caller.
 * Each row's age is measured on the database's clock, which also stamped it: instances' clocks may differ.
 * Ordered by the table's column: a bare "id" would name the text output column and put 100 before 99.
 */
export const READ_OUTBOX_BATCH = `SELECT id::text, event_id::text, hook_id, payload,
        extract(epoch FROM clock_timestamp() - emitted_at)::float8 AS age_seconds FROM checkstack.hook_outbox
        WHERE id > $1 OR id = ANY($2::bigint[]) ORDER BY hook_outbox.id LIMIT `;

/** Prunes outbox rows older than (seconds): no instance lags that far behind and keeps its position. */
export const PRUNE_OUTBOX = "DELETE FROM checkstack.hook_outbox WHERE emitted_at < now() - make_interval(secs => $1)";

/**
 * Marks (event_id, handler) handled in the handler's own transaction; DO NOTHING makes a concurrent redelivery
 * wait on the first one's uncommitted mark and then see it (rowCount 0).
 */
export const MARK_HANDLED = `INSERT INTO checkstack.hook_handled_events (event_id, handler) VALUES ($1, $2)
     ON CONFLICT (event_id, handler) DO NOTHING`;

/** Prunes handled-marks older than (seconds): kept as long as a job of theirs can come back from the dead-letter queue. */
export const PRUNE_HANDLED_EVENTS = "DELETE FROM checkstack.hook_handled_events WHERE handled_at < now() - make_interval(secs => $1)";

/** Work-queue hook jobs that used up their retries (limit), newest first; read-only over pg-boss's table. */
export const LIST_DEAD_LETTERS = `SELECT name, id::text, data, output, created_on FROM pgboss.job
      WHERE name LIKE 'hook.%.dead' ORDER BY created_on DESC LIMIT $1`;
