import { secretWebhookUrl } from "@checkstack/notification-kit";
import { z } from "zod";

export const googleChatConfigSchema = z.object({
  webhookUrl: secretWebhookUrl(
    "webhookUrl",
    "The space's incoming webhook URL (https://chat.googleapis.com/v1/spaces/<space>/messages?key=…&token=…); its key and token are the credential, so it is stored encrypted.",
  ),
});

export type GoogleChatConfig = z.output<typeof googleChatConfigSchema>;
