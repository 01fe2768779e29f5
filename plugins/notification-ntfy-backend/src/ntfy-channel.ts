import { defineNotificationChannel } from "@checkstack/backend-api";
import { deliverJson, joinUrl } from "@checkstack/notification-kit";
import { ntfyConfigSchema } from "./config";
import { ntfyMessage } from "./ntfy-message";

/** ntfy's errors: { code, http, error, link }. */
const errorFromBody = (body: unknown) => {
  const error = (body as { error?: unknown } | undefined)?.error;
  return typeof error === "string" ? error : undefined;
};

export const ntfyChannel = defineNotificationChannel({
  id: "ntfy",
  displayName: "ntfy",
  description: "Publishes to an ntfy topic (ntfy.sh or a self-hosted server) with a title, a priority by severity and emoji tags.",
  configSchema: ntfyConfigSchema,
  send: (message, config, { signal }) =>
    deliverJson({
      url: joinUrl(config.serverUrl, "/"),
      json: ntfyMessage(message, config),
      ...(config.token ? { headers: { authorization: `Bearer ${config.token}` } } : {}),
      signal,
      secrets: config.token ? [config.token] : [],
      errorFromBody,
    }),
});
