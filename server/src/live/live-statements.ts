/**
 * The SQL of the live stream, in one place. Parameters in the order each
 * comment gives. The access decisions reuse the RPC layer's statements
 * (access/access-statements.ts): one SQL access decision for both.
 */

/** Outbox rows a reconnecting browser missed (after id, hook ids[], limit), oldest first (by the bigint, not the text). */
export const MISSED_OUTBOX_ROWS = `SELECT id::text, hook_id, payload FROM checkstack.hook_outbox
        WHERE id > $1 AND hook_id = ANY($2::text[]) ORDER BY hook_outbox.id LIMIT $3`;

/** The oldest outbox row still kept: a browser that last saw an id below it may have missed pruned rows. */
export const OLDEST_OUTBOX_ID = "SELECT min(id)::text AS oldest FROM checkstack.hook_outbox";
