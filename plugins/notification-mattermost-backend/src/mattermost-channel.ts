import { defineNotificationChannel } from "@checkstack/backend-api";
import { deliverJson } from "@checkstack/notification-kit";
import { mattermostConfigSchema } from "./config";
import { mattermostPayload } from "./mattermost-payload";

/** Mattermost's app errors: { id, message, status_code }; its rate limiter answers plain text. */
const errorFromBody = (body: unknown, text: string) => {
  const error = body as { id?: unknown; message?: unknown } | undefined;
  if (typeof error?.message === "string") return `${error.message}${typeof error.id === "string" ? ` (${error.id})` : ""}`;
  return text.trim() || undefined;
};

export const mattermostChannel = defineNotificationChannel({
  id: "mattermost",
  displayName: "Mattermost",
  description: "Posts to a Mattermost channel through an incoming webhook, with an attachment coloured by severity.",
  configSchema: mattermostConfigSchema,
  send: (message, config, { signal }) =>
    deliverJson({ url: config.webhookUrl, json: mattermostPayload(message, config), signal, secrets: [config.webhookUrl], errorFromBody }),
});
