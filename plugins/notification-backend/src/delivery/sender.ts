import { and, eq, inArray, sql } from "drizzle-orm";
import type { Logger, NotificationDelivery, NotificationMessage, NotificationMessageKind } from "@checkstack/backend-api";
import type { ChannelKinds } from "../channel-kinds";
import type { ChannelService } from "../channel-service";
import type { NotificationDatabase } from "../database";
import { alerts, channels, deliveryAttempts, messages, notifications, rules } from "../schema";
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
 */
export async function sendMessage(deps: SenderDeps, messageId: string): Promise<SendOutcome> {
  const { database } = deps;
  const [message] = await database
    .select()
    .from(messages)
    .where(and(eq(messages.id, messageId), inArray(messages.state, ["open", "retrying"])))
    .for("update", { skipLocked: true });
  if (!message) return "not-due";
  // Close the grouping window under the lock: late writers open the next message.
  if (message.collecting) await database.update(messages).set({ collecting: false }).where(eq(messages.id, message.id));

  const items = await database
    .select({ notification: notifications, alert: alerts })
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
  const [channel] = await database.select().from(channels).where(eq(channels.id, message.channelId));
  if (live.length === 0 || !channel || !channel.enabled) {
    await database.update(messages).set({ state: "dropped", lastError: channel ? (channel.enabled ? null : "channel disabled") : "channel deleted" }).where(eq(messages.id, message.id));
    return "dropped";
  }

  const rendered = await render(deps, message.id, live);
  const attempt = message.attempts + 1;
  const started = performance.now();
  const result = await attemptSend(deps, channel, rendered);
  const durationMs = Math.round(performance.now() - started);
  const alertIds = [...new Set(live.map(({ alert }) => alert.id))];
  const delay = !result.ok && result.retryable && attempt < MAX_ATTEMPTS ? retryDelayMs(attempt, result.retryAfterMs) : null;
  const status = result.ok ? "delivered" : delay !== null ? "retrying" : "failed";
  await database.insert(deliveryAttempts).values({
    messageId: message.id,
    channelId: channel.id,
    alertIds,
    kind: rendered.kind,
    status,
    providerStatus: result.providerStatus ?? null,
    error: result.ok ? null : result.error,
    attempt,
    durationMs,
  });
  const ids = live.map(({ notification }) => notification.id);
  if (result.ok) {
    await database
      .update(messages)
      .set({ state: "delivered", attempts: attempt, title: rendered.title, deliveredAt: sql`now()`, lastError: null })
      .where(eq(messages.id, message.id));
    await database.update(notifications).set({ state: "sent" }).where(inArray(notifications.id, ids));
    for (const alertId of alertIds) await record(database, alertId, "notified", `${rendered.kind} via ${channel.name} (${channel.kind})`);
    return "delivered";
  }
  if (delay !== null) {
    await database
      .update(messages)
      .set({ state: "retrying", attempts: attempt, title: rendered.title, lastError: result.error, dueAt: sql`now() + make_interval(secs => ${delay / 1000})` })
      .where(eq(messages.id, message.id));
    await deps.enqueue(message.id, Math.ceil(delay / 1000));
    return "retrying";
  }
  await database.update(messages).set({ state: "failed", attempts: attempt, title: rendered.title, lastError: result.error }).where(eq(messages.id, message.id));
  for (const alertId of alertIds) await record(database, alertId, "delivery failed", `${channel.name}: ${result.error}`);
  return "failed";
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

async function render(
  deps: SenderDeps,
  messageId: string,
  live: Array<{ notification: typeof notifications.$inferSelect; alert: typeof alerts.$inferSelect }>,
): Promise<NotificationMessage> {
  const { database } = deps;
  const alertIds = [...new Set(live.map(({ alert }) => alert.id))];
  const children = await database
    .select({ parentAlertId: alerts.parentAlertId, systemName: alerts.systemName })
    .from(alerts)
    .where(and(inArray(alerts.parentAlertId, alertIds), eq(alerts.state, "open")));
  const publicUrl = await deps.publicUrl();
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
      affected: children.filter((child) => child.parentAlertId === alert.id).map((child) => child.systemName).sort(),
      ackUrl: deps.ackLink?.(alert.id, publicUrl) ?? null,
    });
  }
  items.sort((a, b) => a.systemName.localeCompare(b.systemName));
  const ruleIds = [...new Set(live.map(({ notification }) => notification.ruleId))];
  let template: string | null = null;
  if (ruleIds.length === 1 && ruleIds[0]) {
    const [rule] = await database.select({ template: rules.template }).from(rules).where(eq(rules.id, ruleIds[0]));
    template = rule?.template ?? null;
  }
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
