import { defineNotificationChannel } from "@checkstack/backend-api";
import { deliverJson } from "@checkstack/notification-kit";
import { googleChatConfigSchema } from "./config";
import { googleChatPayload, threadedUrl } from "./google-chat-payload";

/** Google's API errors: { error: { code, message, status } }. */
const errorFromBody = (body: unknown) => {
  const error = (body as { error?: { message?: unknown; status?: unknown } } | undefined)?.error;
  return typeof error?.status === "string" ? `${error.status}${typeof error.message === "string" ? `: ${error.message}` : ""}` : undefined;
};

export const googleChatChannel = defineNotificationChannel({
  id: "google-chat",
  displayName: "Google Chat",
  description: "Posts a card to a Google Chat space through its webhook; the messages of one alert share a thread.",
  configSchema: googleChatConfigSchema,
  send: (message, config, { signal }) =>
    deliverJson({ url: threadedUrl(config.webhookUrl), json: googleChatPayload(message), signal, secrets: [config.webhookUrl], errorFromBody }),
});
