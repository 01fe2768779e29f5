import { createBackendPlugin, notificationChannelExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { webhookChannel } from "./webhook-channel";

export const pluginMetadata = definePluginMetadata({
  pluginId: "notification-webhook",
  displayName: "Webhook notifications",
  description: "The webhook notification channel kind, signed per Standard Webhooks",
});

export { webhookConfigSchema, type WebhookConfig } from "./config";
export { signWebhook, webhookKey } from "@checkstack/notification-kit";
export { webhookChannel } from "./webhook-channel";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(notificationChannelExtensionPoint, webhookChannel);
    // Stateless: each delivery is one request.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
