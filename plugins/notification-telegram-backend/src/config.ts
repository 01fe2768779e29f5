import { secret } from "@checkstack/backend-api";
import { apiBaseUrl } from "@checkstack/notification-kit";
import { z } from "zod";

export const telegramConfigSchema = z.object({
  botToken: secret(
    z
      .string()
      .trim()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "botToken must look like 123456789:AAH… (the token @BotFather gives)")
      .describe("The bot's token from @BotFather; stored encrypted."),
  ),
  chatId: z
    .string()
    .trim()
    .regex(/^(-?\d+|@[A-Za-z][A-Za-z0-9_]{3,})$/, "chatId must be a numeric chat id (e.g. -1001234567890) or a channel's @username")
    .describe("Where to post: a numeric chat id (groups and supergroups are negative) or a public channel's @username. The bot must be a member."),
  topicId: z.int("topicId must be an integer").positive("topicId must be positive").optional().describe("A forum topic (message_thread_id) of a supergroup to post in."),
  apiBaseUrl: apiBaseUrl("apiBaseUrl", "https://api.telegram.org", "The Bot API server, for a self-hosted telegram-bot-api server."),
});

export type TelegramConfig = z.output<typeof telegramConfigSchema>;
