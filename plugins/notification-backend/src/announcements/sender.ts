import { and, eq, inArray, sql } from "drizzle-orm";
import type { NotificationMessage } from "@checkstack/backend-api";
import { attemptSend, MAX_ATTEMPTS, retryDelayMs, type SendOutcome, type SenderDeps } from "../delivery/sender";
import { announcements, channels, deliveryAttempts } from "../schema";

export interface AnnouncementSenderDeps extends Pick<SenderDeps, "database" | "channels" | "kinds" | "logger"> {
  /** Schedules the next attempt of an announcement after a failure. */
  retryLater: (announcementId: string, delaySeconds: number) => Promise<void>;
}

/**
 * Sends one announcement inside its job's transaction, holding its row locked (SKIP LOCKED: a second
 * worker does nothing), and records the attempt in the delivery log in the same transaction. Like the
 * alert sender (beside which it runs, on its own queue): an instance dying mid-send rolls back and the
 * retry carries the same message id, which receivers de-duplicate.
 */
export async function sendAnnouncement(deps: AnnouncementSenderDeps, announcementId: string): Promise<SendOutcome> {
  const { database } = deps;
  const [row] = await database
    .select()
    .from(announcements)
    .where(and(eq(announcements.id, announcementId), inArray(announcements.state, ["open", "retrying"])))
    .for("update", { skipLocked: true });
  if (!row) return "not-due";
  const [channel] = await database.select().from(channels).where(eq(channels.id, row.channelId));
  if (!channel || !channel.enabled) {
    await database.update(announcements).set({ state: "dropped", lastError: channel ? "channel disabled" : "channel deleted" }).where(eq(announcements.id, row.id));
    return "dropped";
  }
  const { content } = row;
  const message: NotificationMessage = {
    id: row.id,
    alertKey: content.subjectKey,
    kind: row.kind,
    severity: content.severity,
    title: content.title,
    text: content.text,
    systems: content.systems,
    occurredAt: content.occurredAt,
  };
  const attempt = row.attempts + 1;
  const started = performance.now();
  const result = await attemptSend(deps, channel, message);
  const durationMs = Math.round(performance.now() - started);
  const delay = !result.ok && result.retryable && attempt < MAX_ATTEMPTS ? retryDelayMs(attempt, result.retryAfterMs) : null;
  const status = result.ok ? "delivered" : delay !== null ? "retrying" : "failed";
  await database.insert(deliveryAttempts).values({
    messageId: row.id,
    channelId: channel.id,
    alertIds: [],
    kind: row.kind,
    status,
    providerStatus: result.providerStatus ?? null,
    error: result.ok ? null : result.error,
    attempt,
    durationMs,
  });
  if (result.ok) {
    await database.update(announcements).set({ state: "delivered", attempts: attempt, deliveredAt: sql`now()`, lastError: null }).where(eq(announcements.id, row.id));
    return "delivered";
  }
  await database
    .update(announcements)
    .set({ state: delay !== null ? "retrying" : "failed", attempts: attempt, lastError: result.error })
    .where(eq(announcements.id, row.id));
  if (delay !== null) await deps.retryLater(row.id, Math.ceil(delay / 1000));
  return delay !== null ? "retrying" : "failed";
}
