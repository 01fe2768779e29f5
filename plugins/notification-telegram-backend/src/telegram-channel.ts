import { defineNotificationChannel } from "@checkstack/backend-api";
import { deliverJson, joinUrl, secondsToMs } from "@checkstack/notification-kit";
import { telegramConfigSchema } from "./config";
import { telegramPayload } from "./telegram-payload";

type BotApiAnswer = { description?: unknown; parameters?: { retry_after?: unknown } } | undefined;

/** Flood control states its wait in the answer's parameters.retry_after (seconds). */
const retryAfterFromBody = (body: unknown) => secondsToMs((body as BotApiAnswer)?.parameters?.retry_after);
/** Bot API failures: { ok: false, error_code, description }. */
const errorFromBody = (body: unknown) => {
  const description = (body as BotApiAnswer)?.description;
  return typeof description === "string" ? description : undefined;
};

export const telegramChannel = defineNotificationChannel({
  id: "telegram",
  displayName: "Telegram",
  description: "Sends a message to a Telegram chat, group, topic or channel through a bot (Bot API sendMessage).",
  configSchema: telegramConfigSchema,
  send: (message, config, { signal }) =>
    deliverJson({
      // The token is part of the path (the Bot API's only way): masked in every error below.
      url: joinUrl(config.apiBaseUrl, `bot${config.botToken}/sendMessage`),
      json: telegramPayload(message, config),
      signal,
      secrets: [config.botToken],
      retryAfterFromBody,
      errorFromBody,
    }),
});
