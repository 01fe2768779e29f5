import { defineNotificationChannel } from "@checkstack/backend-api";
import { deliverJson, secondsToMs } from "@checkstack/notification-kit";
import { discordConfigSchema } from "./config";
import { discordPayload } from "./discord-payload";

type DiscordBody = { message?: unknown; code?: unknown; retry_after?: unknown } | undefined;

/** A 429's body states the wait in seconds (fractional), next to the Retry-After header; the longer one is kept. */
const retryAfterFromBody = (body: unknown) => secondsToMs((body as DiscordBody)?.retry_after);

/** Discord's JSON errors: { message, code }. */
const errorFromBody = (body: unknown) => {
  const error = body as DiscordBody;
  return typeof error?.message === "string" ? `${error.message}${typeof error.code === "number" ? ` (code ${error.code})` : ""}` : undefined;
};

export const discordChannel = defineNotificationChannel({
  id: "discord",
  displayName: "Discord",
  description: "Posts an embed coloured by severity to a Discord channel through its webhook.",
  configSchema: discordConfigSchema,
  send: (message, config, { signal }) =>
    deliverJson({
      url: config.webhookUrl,
      json: discordPayload(message, config),
      signal,
      secrets: [config.webhookUrl],
      retryAfterFromBody,
      errorFromBody,
    }),
});
