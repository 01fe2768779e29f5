import { defineNotificationChannel } from "@checkstack/backend-api";
import { deliverJson, joinUrl } from "@checkstack/notification-kit";
import { gotifyConfigSchema } from "./config";
import { gotifyMessage } from "./gotify-message";

/** Gotify's errors: { error, errorCode, errorDescription }. */
const errorFromBody = (body: unknown) => {
  const error = body as { error?: unknown; errorDescription?: unknown } | undefined;
  return typeof error?.errorDescription === "string" ? error.errorDescription : typeof error?.error === "string" ? error.error : undefined;
};

export const gotifyChannel = defineNotificationChannel({
  id: "gotify",
  displayName: "Gotify",
  description: "Pushes a message to a self-hosted Gotify server, with a priority by severity.",
  configSchema: gotifyConfigSchema,
  send: (message, config, { signal }) =>
    deliverJson({
      url: joinUrl(config.serverUrl, "message"),
      json: gotifyMessage(message),
      // The header, not ?token=: the token stays out of URLs that proxies log.
      headers: { "x-gotify-key": config.appToken },
      signal,
      secrets: [config.appToken],
      errorFromBody,
    }),
});
