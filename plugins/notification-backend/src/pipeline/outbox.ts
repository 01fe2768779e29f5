import { sql } from "drizzle-orm";
import type { NotificationDatabase } from "../database";
import { messages, notifications } from "../schema";

/** Delivers one message: a pg-boss job per message, enqueued in the transaction that creates it. */
export type EnqueueDelivery = (messageId: string, delaySeconds: number) => Promise<void>;

export interface OutboxEntry {
  alertId: string;
  ruleId: string | null;
  channelId: string;
  kind: string;
  /** UNIQUE: (alert, channel, kind[, n]). A second writer of the same change gets nothing. */
  dedupeKey: string;
  groupingSeconds: number;
}

/**
 * The message a grouped entry joins: the channel's collecting message (at most one per
 * channel, by a partial unique index), or a new one due when the window ends. The UPDATE takes the
 * row lock: once the sender has closed the window (collecting = false) under that lock, a late
 * writer sees it closed and opens the next message, so no entry joins a message already sent.
 */
async function messageFor(database: NotificationDatabase, entry: OutboxEntry, enqueue: EnqueueDelivery): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const joined = await database.execute<{ id: string }>(
      sql`UPDATE ${messages} SET title = title WHERE channel_id = ${entry.channelId} AND collecting RETURNING id::text AS id`,
    );
    if (joined.rows[0]) return joined.rows[0].id;
    const created = await database.execute<{ id: string }>(sql`
      INSERT INTO ${messages} (channel_id, collecting, due_at) VALUES (${entry.channelId}, true, now() + make_interval(secs => ${entry.groupingSeconds}))
      ON CONFLICT (channel_id) WHERE collecting DO NOTHING RETURNING id::text AS id`);
    if (created.rows[0]) {
      await enqueue(created.rows[0].id, entry.groupingSeconds);
      return created.rows[0].id;
    }
    // Another writer opened the window between the two statements: join theirs.
  }
  throw new Error(`could not join or open a message for channel ${entry.channelId}`);
}

/**
 * Without grouping, the message is the entry's own: the duplicate check, the message and the outbox
 * row are one statement (a round trip each was most of a transition's cost). The unique key stays
 * the arbiter: a concurrent writer of the same change makes this insert do nothing, and the message
 * it opened is removed again.
 */
async function writeUngrouped(database: NotificationDatabase, entry: OutboxEntry, enqueue: EnqueueDelivery): Promise<boolean> {
  const written = await database.execute<{ message_id: string | null; noted: string | null }>(sql`
    WITH fresh AS (
      SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM ${notifications} WHERE dedupe_key = ${entry.dedupeKey})
    ), message AS (
      INSERT INTO ${messages} (channel_id, collecting) SELECT ${entry.channelId}::uuid, false FROM fresh RETURNING id
    ), noted AS (
      INSERT INTO ${notifications} (dedupe_key, alert_id, rule_id, channel_id, kind, message_id)
      SELECT ${entry.dedupeKey}, ${entry.alertId}::uuid, ${entry.ruleId}::uuid, ${entry.channelId}::uuid, ${entry.kind}, message.id FROM message
      ON CONFLICT (dedupe_key) DO NOTHING RETURNING message_id
    )
    SELECT (SELECT id::text FROM message) AS message_id, (SELECT message_id::text FROM noted) AS noted`);
  const row = written.rows[0];
  if (row?.noted) {
    await enqueue(row.noted, 0);
    return true;
  }
  if (row?.message_id) await database.execute(sql`DELETE FROM ${messages} WHERE id = ${row.message_id}`);
  return false;
}

/** Writes an outbox row (and its message) unless the same change already has one; true when written. */
export async function writeOutbox(database: NotificationDatabase, entry: OutboxEntry, enqueue: EnqueueDelivery): Promise<boolean> {
  if (entry.groupingSeconds <= 0) return writeUngrouped(database, entry, enqueue);
  // Cheap pre-check so a duplicate does not open a message; the unique index stays the arbiter.
  const existing = await database.execute(sql`SELECT 1 FROM ${notifications} WHERE dedupe_key = ${entry.dedupeKey}`);
  if (existing.rows.length > 0) return false;
  const messageId = await messageFor(database, entry, enqueue);
  const inserted = await database
    .insert(notifications)
    .values({ dedupeKey: entry.dedupeKey, alertId: entry.alertId, ruleId: entry.ruleId, channelId: entry.channelId, kind: entry.kind, messageId })
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id });
  return inserted.length > 0;
}
