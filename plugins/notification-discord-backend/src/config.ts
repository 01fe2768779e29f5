import { secretWebhookUrl } from "@checkstack/notification-kit";
import { z } from "zod";

export const discordConfigSchema = z.object({
  webhookUrl: secretWebhookUrl(
    "webhookUrl",
    "The channel's webhook URL (https://discord.com/api/webhooks/<id>/<token>); it embeds the token, so it is stored encrypted.",
  ),
  username: z
    .string()
    .trim()
    .min(1, "username cannot be empty; leave it out to use the webhook's own name")
    .max(80, "username may be at most 80 characters")
    .refine((value) => !/discord|clyde/i.test(value), "username may not contain \"discord\" or \"clyde\" (Discord refuses it)")
    .optional()
    .describe("The name the messages are posted under, instead of the webhook's own."),
});

export type DiscordConfig = z.output<typeof discordConfigSchema>;
