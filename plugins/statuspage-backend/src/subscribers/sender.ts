import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { deliveryFromError, deliveryFromResponse, outboundFetch, secret, type Logger, type NotificationDelivery, type SecretService } from "@checkstack/backend-api";
import { sendSmtpMail } from "@checkstack/notification-email-backend";
import { webhookHeaders } from "@checkstack/notification-kit";
import type { SubscriberSettings } from "@checkstack/statuspage-common";
import type { StatuspageDatabase } from "../database";
import { deliveries, subscribers } from "../schema";
import type { Notice } from "./notices";
import { renderMail, webhookBody } from "./render";
import { signToken, type TokenKey } from "./tokens";

/** Attempts before a delivery is given up as failed. */
export const MAX_ATTEMPTS = 6;
/** One attempt's budget. */
const ATTEMPT_TIMEOUT_MS = 15_000;

/** Exponential backoff from 5 s up to 10 min, or longer when the receiver asked for it. */
export function retryDelaySeconds(attempt: number, retryAfterMs: number | undefined): number {
  return Math.max(Math.min(600, 5 * 2 ** Math.max(0, attempt - 1)), Math.ceil((retryAfterMs ?? 0) / 1000));
}

export const WEBHOOK_SECRET_SCHEMA = z.object({ secret: secret(z.string()) });
export const webhookSecretContext = (subscriberId: string) => `statuspage:webhook:${subscriberId}`;

/** Starts a delivery's job (in the caller's transaction when there is one). */
export type EnqueueDelivery = (deliveryId: string, delaySeconds: number) => Promise<void>;

export interface SenderDeps {
  database: StatuspageDatabase;
  secrets: SecretService;
  tokenKey: TokenKey;
  enqueue: EnqueueDelivery;
  logger: Logger;
}

export type SendOutcome = "not-due" | "delivered" | "retrying" | "failed";

export const subscriptionLinks = (publicUrl: string, slug: string) => {
  const base = `${publicUrl.replace(/\/+$/, "")}/status/${encodeURIComponent(slug)}`;
  return {
    page: base,
    confirm: (token: string) => `${base}/subscribe/confirm?token=${encodeURIComponent(token)}`,
    unsubscribe: (token: string) => `${base}/unsubscribe?token=${encodeURIComponent(token)}`,
  };
};

/**
 * Sends one outbox row, in the delivery job's transaction, holding the row locked (SKIP LOCKED: a
 * second worker for the same row does nothing) and recording the outcome with it. A retryable failure
 * schedules the next attempt with backoff; an instance dying mid-send rolls back and the job is retried,
 * sending the same Message-ID / webhook-id again, which receivers can drop.
 */
export async function sendDelivery(deps: SenderDeps, settings: SubscriberSettings | null, deliveryId: string): Promise<SendOutcome> {
  const { database } = deps;
  // Only the outbox row is locked: other rows of the same subscriber are sent by other workers meanwhile.
  const [delivery] = await database
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.state, "pending"), sql`${deliveries.nextAttemptAt} <= now()`))
    .for("update", { skipLocked: true });
  if (!delivery) return "not-due";
  // The subscriber's row cascades away with its deliveries: a row found here has its subscriber.
  const [subscriber] = await database.select().from(subscribers).where(eq(subscribers.id, delivery.subscriberId));
  if (!subscriber) return "not-due";
  const notice = delivery.notice as Notice;
  const key = await deps.tokenKey.get();

  let result: NotificationDelivery;
  const signal = AbortSignal.timeout(ATTEMPT_TIMEOUT_MS);
  if (subscriber.kind === "email") {
    if (!settings) {
      result = { ok: false, retryable: true, error: "subscriber mail is not configured (statuspage subscriber settings)" };
    } else {
      const links = subscriptionLinks(settings.publicUrl, notice.page.slug);
      const mail = renderMail(
        notice,
        {
          page: links.page,
          confirm: notice.type === "subscription.confirm" ? links.confirm(signToken(key, "confirm", subscriber.id, subscriber.tokenNonce)) : null,
          unsubscribe: links.unsubscribe(signToken(key, "unsubscribe", subscriber.id, subscriber.tokenNonce)),
        },
        subscriber.id,
        settings.from,
      );
      result = await sendSmtpMail(settings, { to: [subscriber.target], ...mail }, signal);
    }
  } else {
    const { secret: webhookSecret } = WEBHOOK_SECRET_SCHEMA.parse(deps.secrets.open(subscriber.webhookSecret, webhookSecretContext(subscriber.id)));
    const body = webhookBody(notice, settings ? subscriptionLinks(settings.publicUrl, notice.page.slug).page : `/status/${notice.page.slug}`);
    try {
      const response = await outboundFetch({
        url: subscriber.target,
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Checkstack-StatusPage/0.1", ...webhookHeaders(webhookSecret, `${notice.id}.${subscriber.id}`, body) },
        body,
        signal,
      });
      result = deliveryFromResponse(response);
    } catch (error) {
      result = deliveryFromError(error);
    }
  }

  const attempt = delivery.attempts + 1;
  const delay = !result.ok && result.retryable && attempt < MAX_ATTEMPTS ? retryDelaySeconds(attempt, result.retryAfterMs) : null;
  const state = result.ok ? "delivered" : delay !== null ? "pending" : "failed";
  await database
    .update(deliveries)
    .set({
      attempts: attempt,
      state,
      lastError: result.ok ? null : result.error.slice(0, 1000),
      ...(result.ok ? { deliveredAt: new Date() } : {}),
      ...(delay !== null ? { nextAttemptAt: sql`now() + make_interval(secs => ${delay})` } : {}),
    })
    .where(eq(deliveries.id, delivery.id));
  if (delay !== null) await deps.enqueue(delivery.id, delay);
  if (!result.ok) deps.logger.debug("subscriber delivery failed", { deliveryId, attempt, retrying: delay !== null, error: result.error });
  return result.ok ? "delivered" : delay !== null ? "retrying" : "failed";
}

/** Pending rows whose job was lost (an enqueue after a commit that failed): due a minute ago or more. */
export async function overdueDeliveries(database: StatuspageDatabase): Promise<string[]> {
  const rows = await database.execute<{ id: string }>(
    sql`SELECT id::text AS id FROM ${deliveries} WHERE state = 'pending' AND next_attempt_at < now() - interval '1 minute' ORDER BY next_attempt_at LIMIT 500`,
  );
  return rows.rows.map((row) => row.id);
}
