import { defineNotificationChannel } from "@checkstack/backend-api";
import { deliverJson } from "@checkstack/notification-kit";
import { slackConfigSchema } from "./config";
import { slackPayload } from "./slack-payload";

/** Slack answers in plain text ("ok", or an error code such as "invalid_payload"): quoted as the error's detail. */
const errorFromBody = (_json: unknown, text: string) => text.trim() || undefined;

export const slackChannel = defineNotificationChannel({
  id: "slack",
  displayName: "Slack",
  description: "Posts to a Slack channel through an incoming webhook: Block Kit blocks with a coloured bar and a text fallback.",
  configSchema: slackConfigSchema,
  send: (message, config, { signal }) =>
    deliverJson({ url: config.webhookUrl, json: slackPayload(message), signal, secrets: [config.webhookUrl], errorFromBody }),
});
