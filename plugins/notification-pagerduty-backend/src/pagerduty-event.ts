import type { NotificationMessage, NotificationSeverity } from "@checkstack/backend-api";
import { truncate } from "@checkstack/notification-kit";
import type { PagerdutyConfig } from "./config";

/** PagerDuty's four severities: degraded is a warning, unhealthy pages as critical. */
const SEVERITY: Record<NotificationSeverity, "critical" | "error" | "warning" | "info"> = {
  unhealthy: "critical",
  degraded: "warning",
  info: "info",
  healthy: "info",
};

/** Which Events API action a message is: recovery resolves and acknowledgement acknowledges the same incident; the rest trigger (a repeated trigger with the same dedup_key adds to it, not a second incident). */
export function eventAction(message: NotificationMessage): "trigger" | "acknowledge" | "resolve" {
  if (message.kind === "recovered") return "resolve";
  if (message.kind === "acknowledged") return "acknowledge";
  return "trigger";
}

/** An Events API v2 event; dedup_key is the alert's key, stable for the episode across instances and retries. */
export function pagerdutyEvent(message: NotificationMessage, config: PagerdutyConfig) {
  const action = eventAction(message);
  const base = { routing_key: config.routingKey, event_action: action, dedup_key: truncate(message.alertKey, 255) };
  if (action !== "trigger") return base;
  return {
    ...base,
    payload: {
      summary: truncate(message.title, 1024),
      source: config.source,
      severity: message.kind === "test" ? "info" : SEVERITY[message.severity],
      timestamp: message.occurredAt,
      ...(message.systems[0] ? { component: message.systems[0].name } : {}),
      class: message.kind,
      custom_details: {
        text: message.text,
        systems: message.systems.map((system) => ({ name: system.name, status: system.status, ...(system.reason ? { reason: system.reason } : {}) })),
        messageId: message.id,
      },
    },
    client: "Checkstack",
    ...(message.url ? { client_url: message.url, links: [{ href: message.url, text: "Open in Checkstack" }] } : {}),
  };
}
