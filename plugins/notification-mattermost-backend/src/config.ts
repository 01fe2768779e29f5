import { httpUrl, secretWebhookUrl } from "@checkstack/notification-kit";
import { z } from "zod";

export const mattermostConfigSchema = z.object({
  webhookUrl: secretWebhookUrl(
    "webhookUrl",
    "The incoming webhook URL (https://<your-mattermost>/hooks/<key>); the key is the credential, so it is stored encrypted.",
  ),
  channel: z
    .string()
    .trim()
    .min(1, "channel cannot be empty; leave it out to post to the webhook's channel")
    .optional()
    .describe("A channel name (e.g. town-square) to post to instead of the webhook's own, when the webhook is not locked to it."),
  username: z.string().trim().min(1, "username cannot be empty").max(64, "username may be at most 64 characters").optional().describe("The name messages are posted under, when the server allows webhooks to override it."),
  iconUrl: httpUrl("iconUrl").optional().describe("A picture URL shown beside messages, when the server allows webhooks to override it."),
});

export type MattermostConfig = z.output<typeof mattermostConfigSchema>;
