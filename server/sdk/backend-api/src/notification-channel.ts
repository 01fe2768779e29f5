import type { z } from "zod";
import { createExtensionPoint } from "./extension-point";
import type { Logger } from "./logger";

/** Why a message is sent: the alert's lifecycle, a test from the channel screen, or an incident/maintenance update. */
export type NotificationMessageKind =
  | "firing"
  | "escalated"
  | "reminder"
  | "acknowledged"
  | "recovered"
  | "test"
  | "incident"
  | "maintenance";

/** How bad it is, for colours, priorities and provider severities. */
export type NotificationSeverity = "info" | "degraded" | "unhealthy" | "healthy";

/** A system a message is about, as its readers should see it. */
export interface NotificationSystem {
  id: string;
  name: string;
  status: "healthy" | "degraded" | "unhealthy" | "unknown";
  /** Why, in a line: the failing check and its reason. */
  reason?: string;
}

/**
 * One message for one channel, already rendered. `id` is stable across retries and instances (the
 * webhook-id receivers de-duplicate on); `alertKey` is stable for the whole alert episode (PagerDuty's
 * dedup_key, a thread key), so trigger, acknowledge and resolve reach the same incident at the provider.
 */
export interface NotificationMessage {
  id: string;
  alertKey: string;
  kind: NotificationMessageKind;
  severity: NotificationSeverity;
  /** One line: "3 systems unhealthy: api, web, worker". */
  title: string;
  /** Plain text, several lines: the rendered default or the rule's template. */
  text: string;
  systems: NotificationSystem[];
  /** When the change happened (ISO 8601), not when the message is sent. */
  occurredAt: string;
  /** A link to the alert or system in the web application, when a public URL is configured. */
  url?: string;
}

/** The provider's answer to one attempt. */
export type NotificationDelivery =
  | { ok: true; providerStatus?: number; providerResponse?: string }
  | {
      ok: false;
      error: string;
      providerStatus?: number;
      providerResponse?: string;
      /** False for answers a retry cannot change (a 400 or 401, a config the provider refuses). */
      retryable: boolean;
      /** The provider asked to wait this long (Retry-After, a rate-limit body): the next attempt waits at least that. */
      retryAfterMs?: number;
    };

/** What the notification plugin passes to a channel kind for one attempt. */
export interface NotificationSendContext {
  /** Aborted at the attempt's timeout: stop the request, do not just stop waiting. */
  signal: AbortSignal;
  logger?: Logger;
}

/**
 * A kind of destination (email, webhook, Slack, PagerDuty, ...), registered by a channel plugin through
 * notificationChannelExtensionPoint. Its config schema marks secret fields with secret() so they are
 * encrypted at rest and read back as "********"; send receives the config decrypted and parsed.
 */
export interface NotificationChannelKind<C = unknown> {
  id: string;
  displayName: string;
  description?: string;
  configSchema: z.ZodType<C>;
  send: (message: NotificationMessage, config: C, context: NotificationSendContext) => Promise<NotificationDelivery>;
}

/** Where channel plugins register their kinds; owned by the notification plugin, which delivers through them. */
export const notificationChannelExtensionPoint = createExtensionPoint<NotificationChannelKind>("notification.channel", {
  ownerPluginId: "notification",
});

/** A channel kind whose send receives its config parsed by its schema (and typed by it). */
export function defineNotificationChannel<S extends z.ZodType>(kind: {
  id: string;
  displayName: string;
  description?: string;
  configSchema: S;
  send: (message: NotificationMessage, config: z.output<S>, context: NotificationSendContext) => Promise<NotificationDelivery>;
}): NotificationChannelKind {
  return {
    id: kind.id,
    displayName: kind.displayName,
    ...(kind.description ? { description: kind.description } : {}),
    configSchema: kind.configSchema,
    send: (message, config, context) => kind.send(message, kind.configSchema.parse(config), context),
  };
}
