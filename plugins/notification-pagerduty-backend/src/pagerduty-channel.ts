import { defineNotificationChannel } from "@checkstack/backend-api";
import { deliverJson, joinUrl } from "@checkstack/notification-kit";
import { pagerdutyConfigSchema } from "./config";
import { pagerdutyEvent } from "./pagerduty-event";

/** The Events API's refusals: { status, message, errors: [...] }. */
const errorFromBody = (body: unknown) => {
  const answer = body as { message?: unknown; errors?: unknown } | undefined;
  if (typeof answer?.message !== "string") return undefined;
  const errors = Array.isArray(answer.errors) ? answer.errors.filter((error): error is string => typeof error === "string") : [];
  return errors.length > 0 ? `${answer.message} (${errors.join("; ")})` : answer.message;
};

export const pagerdutyChannel = defineNotificationChannel({
  id: "pagerduty",
  displayName: "PagerDuty",
  description: "Triggers, acknowledges and resolves one PagerDuty incident per alert through the Events API v2 (dedup_key = the alert).",
  configSchema: pagerdutyConfigSchema,
  send: (message, config, { signal }) =>
    deliverJson({
      url: joinUrl(config.apiBaseUrl, "v2/enqueue"),
      json: pagerdutyEvent(message, config),
      signal,
      secrets: [config.routingKey],
      errorFromBody,
    }),
});
