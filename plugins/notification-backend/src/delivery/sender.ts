import { and, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Logger, NotificationDelivery, NotificationMessage, NotificationMessageKind } from "@checkstack/backend-api";
import type { ChannelKinds } from "../channel-kinds";
import type { ChannelService } from "../channel-service";
import type { NotificationDatabase } from "../database";
import { alerts, channels, deliveryAttempts, messages, notifications, rules, timeline } from "../schema";
import type { EnqueueDelivery } from "../pipeline/outbox";
import { record } from "../pipeline/timeline";
import { renderMessage, type RenderItem } from "./render";

/** Attempts before a message is "failed" in the log (the retry procedure starts it over). */
export const MAX_ATTEMPTS = 5;
/** One attempt's budget: the provider's request is aborted then. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/** Exponential backoff from 1 s up to 5 min, or the provider's Retry-After when it asks for longer. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined): number {
  const backoff = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}

export interface SenderDeps {
  database: NotificationDatabase;
  channels: ChannelService;
  kinds: ChannelKinds;
  enqueue: EnqueueDelivery;
  logger: Logger;
  publicUrl: () => Promise<string | null>;
  /** A signed acknowledge link for an alert (null without a public URL); absent: messages carry none. */
  ackLink?: (alertId: string, publicUrl: string | null) => string | null;
}

/** What sendMessage did, for tests and logs. */
export type SendOutcome = "not-due" | "dropped" | "delivered" | "retrying" | "failed";

/**
 * Sends one message, inside the delivery job's transaction, holding the message row locked (SKIP
 * LOCKED: a second worker for the same message does nothing). The attempt is recorded with its
 * outcome in the same transaction. An instance that dies mid-send rolls back: the job is retried and
 * the same message id sent again, which receivers de-duplicate.
 *
 * Round trips are what a delivery costs (the provider aside), so the common case takes three: the
 * claim (with the channel), the pending notifications (with what rendering needs), and one
 * statement recording the outcome everywhere it shows.
 */
export async function sendMessage(deps: SenderDeps, messageId: string): Promise<SendOutcome> {
  const { database } = deps;
  // Only the message row is locked (Postgres wants the lock target unqualified: an alias), never the
  // channel's, which every delivery to that channel reads.
  const claimable = alias(messages, "claimed_message");
  const [claimed] = await database
    .select({ message: claimable, channel: channels })
    .from(claimable)
    .leftJoin(channels, eq(channels.id, claimable.channelId))
    .where(and(eq(claimable.id, messageId), inArray(claimable.state, ["open", "retrying"])))
    .for("update", { of: claimable, skipLocked: true });
  if (!claimed) return "not-due";
  const { message, channel } = claimed;
  // Close the grouping window under the lock: late writers open the next message.
  if (message.collecting) await database.update(messages).set({ collecting: false }).where(eq(messages.id, message.id));

  const items = await database
    .select({
      notification: notifications,
      alert: alerts,
      // Rendering needs the dependants folded into each alert and the rule's template: read with the items.
      affected: sql<string[]>`(SELECT coalesce(array_agg(c.system_name ORDER BY c.system_name), '{}') FROM ${alerts} c WHERE c.parent_alert_id = ${alerts.id} AND c.state = 'open')`,
      template: sql<string | null>`(SELECT r.template FROM ${rules} r WHERE r.id = ${notifications.ruleId})`,
    })
    .from(notifications)
    .innerJoin(alerts, eq(alerts.id, notifications.alertId))
    .where(and(eq(notifications.messageId, message.id), eq(notifications.state, "pending")));
  const folds = await foldLateUpstreams(database, [...new Map(items.map(({ alert }) => [alert.id, alert])).values()]);
  for (const { alert } of items) alert.parentAlertId = folds.get(alert.id) ?? alert.parentAlertId;
  // Folded into an upstream's alert since it was queued: the upstream's message speaks for it.
  const live = items.filter(({ notification, alert }) => !(alert.parentAlertId && notification.kind !== "recovered"));
  const folded = items.filter((item) => !live.includes(item));
  if (folded.length > 0) {
    await database.update(notifications).set({ state: "dropped" }).where(inArray(notifications.id, folded.map((item) => item.notification.id)));
    for (const { alert } of folded) await record(database, alert.id, "dropped", "folded into the alert of a system it depends on");
  }
  if (live.length === 0 || !channel || !channel.enabled) {
    await database.update(messages).set({ state: "dropped", lastError: channel ? (channel.enabled ? null : "channel disabled") : "channel deleted" }).where(eq(messages.id, message.id));
    return "dropped";
  }
  // Folding changes who is affected: read again only then (rare), otherwise the items' own reading stands.
  const affected = folds.size > 0 ? await affectedOf(database, live.map(({ alert }) => alert.id)) : new Map(live.map(({ alert, affected: names }) => [alert.id, names]));

  const rendered = render(message.id, live, affected, await deps.publicUrl(), deps.ackLink);
  const attempt = message.attempts + 1;
  const started = performance.now();
  const result = await attemptSend(deps, channel, rendered);
  const durationMs = Math.round(performance.now() - started);
  const alertIds = [...new Set(live.map(({ alert }) => alert.id))];
  const delay = !result.ok && result.retryable && attempt < MAX_ATTEMPTS ? retryDelayMs(attempt, result.retryAfterMs) : null;
  const status = result.ok ? "delivered" : delay !== null ? "retrying" : "failed";
  const outcome: RecordedOutcome = {
    messageId: message.id,
    channelId: channel.id,
    alertIds,
    notificationIds: result.ok ? live.map(({ notification }) => notification.id) : [],
    kind: rendered.kind,
    status,
    providerStatus: result.providerStatus ?? null,
    error: result.ok ? null : result.error,
    attempt,
    durationMs,
    title: rendered.title,
    retryInSeconds: delay === null ? null : delay / 1000,
    timeline: result.ok
      ? { event: "notified", detail: `${rendered.kind} via ${channel.name} (${channel.kind})` }
      : status === "failed"
        ? { event: "delivery failed", detail: `${channel.name}: ${result.error}` }
        : null,
  };
  await recordOutcome(database, outcome);
  if (delay !== null) {
    await deps.enqueue(message.id, Math.ceil(delay / 1000));
    return "retrying";
  }
  return status === "delivered" ? "delivered" : "failed";
}

interface RecordedOutcome {
  messageId: string;
  channelId: string;
  alertIds: string[];
  /** Marked sent (only on success). */
  notificationIds: string[];
  kind: string;
  status: "delivered" | "retrying" | "failed";
  providerStatus: number | null;
  error: string | null;
  attempt: number;
  durationMs: number;
  title: string;
  retryInSeconds: number | null;
  /** One timeline entry per alert of the message, or none (a retry is only in the delivery log). */
  timeline: { event: string; detail: string } | null;
}

/**
 * The attempt in the delivery log, the message's new state, its notifications marked sent and the
 * alerts' timelines, in one statement (data-modifying CTEs all run, in the job's transaction).
 */
async function recordOutcome(database: NotificationDatabase, outcome: RecordedOutcome): Promise<void> {
  const alertIds = sql`${`{${outcome.alertIds.join(",")}}`}::uuid[]`;
  const notificationIds = sql`${`{${outcome.notificationIds.join(",")}}`}::uuid[]`;
  const messageState =
    outcome.status === "delivered"
      ? sql`state = 'delivered', delivered_at = now(), last_error = NULL`
      : outcome.status === "retrying"
        ? sql`state = 'retrying', last_error = ${outcome.error}, due_at = now() + make_interval(secs => ${outcome.retryInSeconds ?? 0})`
        : sql`state = 'failed', last_error = ${outcome.error}`;
  const timelineRows = outcome.timeline
    ? sql`INSERT INTO ${timeline} (alert_id, event, detail) SELECT unnest(${alertIds}), ${outcome.timeline.event}, ${outcome.timeline.detail}`
    : sql`SELECT 1`;
  await database.execute(sql`
    WITH logged AS (
      INSERT INTO ${deliveryAttempts} (message_id, channel_id, alert_ids, kind, status, provider_status, error, attempt, duration_ms)
      VALUES (${outcome.messageId}, ${outcome.channelId}, ${JSON.stringify(outcome.alertIds)}::jsonb, ${outcome.kind}, ${outcome.status},
              ${outcome.providerStatus}, ${outcome.error}, ${outcome.attempt}, ${outcome.durationMs})
    ), moved AS (
      UPDATE ${messages} SET ${messageState}, attempts = ${outcome.attempt}, title = ${outcome.title} WHERE id = ${outcome.messageId}
    ), sent AS (
      UPDATE ${notifications} SET state = 'sent' WHERE id = ANY(${notificationIds})
    )
    ${timelineRows}`);
}

/** Names of the open dependants folded into each alert. */
async function affectedOf(database: NotificationDatabase, alertIds: string[]): Promise<Map<string, string[]>> {
  const children = await database
    .select({ parentAlertId: alerts.parentAlertId, systemName: alerts.systemName })
    .from(alerts)
    .where(and(inArray(alerts.parentAlertId, alertIds), eq(alerts.state, "open")));
  return new Map(alertIds.map((id) => [id, children.filter((child) => child.parentAlertId === id).map((child) => child.systemName).sort()]));
}

/**
 * A dependant's change handled side by side with its upstream's (concurrent transactions do not see
 * each other) is queued unfolded; by send time the upstream's alert is visible, so it folds now.
 */
async function foldLateUpstreams(database: NotificationDatabase, candidates: Array<typeof alerts.$inferSelect>): Promise<Map<string, string>> {
  const folds = new Map<string, string>();
  for (const alert of candidates) {
    if (alert.parentAlertId || alert.state !== "open" || alert.upstreamSystemIds.length === 0) continue;
    const open = await database
      .select({ id: alerts.id, systemId: alerts.systemId, systemName: alerts.systemName, parentAlertId: alerts.parentAlertId })
      .from(alerts)
      .where(and(eq(alerts.state, "open"), inArray(alerts.systemId, alert.upstreamSystemIds)));
    const nearest = alert.upstreamSystemIds.map((id) => open.find((candidate) => candidate.systemId === id)).find((found) => found !== undefined);
    if (!nearest) continue;
    const rootId = nearest.parentAlertId ?? nearest.id;
    await database.update(alerts).set({ parentAlertId: rootId }).where(eq(alerts.id, alert.id));
    folds.set(alert.id, rootId);
    await record(database, alert.id, "folded", `${nearest.systemName}, which this system depends on, is down: folded into its alert`);
    await record(database, rootId, "affected", `${alert.systemName} is affected`);
  }
  return folds;
}

function render(
  messageId: string,
  live: Array<{ notification: typeof notifications.$inferSelect; alert: typeof alerts.$inferSelect; template: string | null }>,
  affected: Map<string, string[]>,
  publicUrl: string | null,
  ackLink: SenderDeps["ackLink"],
): NotificationMessage {
  const seen = new Set<string>();
  const items: RenderItem[] = [];
  for (const { alert } of live) {
    if (seen.has(alert.id)) continue;
    seen.add(alert.id);
    items.push({
      alertId: alert.id,
      systemId: alert.systemId,
      systemName: alert.systemName,
      severity: alert.severity,
      resolved: alert.state === "resolved",
      reason: alert.reason,
      openedAt: alert.openedAt,
      affected: affected.get(alert.id) ?? [],
      ackUrl: ackLink?.(alert.id, publicUrl) ?? null,
    });
  }
  items.sort((a, b) => a.systemName.localeCompare(b.systemName));
  // A rule's template applies when every notification of the message comes from that one rule.
  const ruleIds = [...new Set(live.map(({ notification }) => notification.ruleId))];
  const template = ruleIds.length === 1 && ruleIds[0] ? (live[0]?.template ?? null) : null;
  return renderMessage({
    id: messageId,
    kinds: live.map(({ notification }) => notification.kind as NotificationMessageKind),
    items,
    publicUrl,
    template,
  });
}

/** One call to the channel kind, bounded by the attempt timeout; a throw is a retryable failure. */
export async function attemptSend(
  deps: Pick<SenderDeps, "channels" | "kinds" | "logger">,
  channel: typeof channels.$inferSelect,
  message: NotificationMessage,
): Promise<NotificationDelivery> {
  const kind = deps.kinds.find(channel.kind);
  if (!kind) return { ok: false, error: `channel kind "${channel.kind}" is not installed`, retryable: true };
  const signal = AbortSignal.timeout(ATTEMPT_TIMEOUT_MS);
  try {
    return await kind.send(message, deps.channels.openConfig(channel), { signal, logger: deps.logger });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), retryable: true };
  }
}
