import { secretWebhookUrl } from "@checkstack/notification-kit";
import { z } from "zod";

export const slackConfigSchema = z.object({
  webhookUrl: secretWebhookUrl(
    "webhookUrl",
    "The Slack app's incoming webhook URL (https://hooks.slack.com/services/…); it embeds the token, so it is stored encrypted.",
  ),
});

export type SlackConfig = z.output<typeof slackConfigSchema>;
