import { defineNotificationChannel } from "@checkstack/backend-api";
import { deliverJson, joinUrl } from "@checkstack/notification-kit";
import { pushoverConfigSchema } from "./config";
import { pushoverMessage } from "./pushover-message";

/** Pushover's refusals: { status: 0, errors: [...] }. */
const errorFromBody = (body: unknown) => {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? errors.filter((error): error is string => typeof error === "string").join("; ") || undefined : undefined;
};

export const pushoverChannel = defineNotificationChannel({
  id: "pushover",
  displayName: "Pushover",
  description: "Pushes to a Pushover user or group, with a priority by severity (optionally emergency for unhealthy).",
  configSchema: pushoverConfigSchema,
  send: (message, config, { signal }) =>
    deliverJson({
      url: joinUrl(config.apiBaseUrl, "1/messages.json"),
      json: pushoverMessage(message, config),
      signal,
      secrets: [config.appToken, config.userKey],
      errorFromBody,
    }),
});
