import { createBackendPlugin, notificationChannelExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { slackChannel } from "./slack-channel";

export const pluginMetadata = definePluginMetadata({
  pluginId: "notification-slack",
  displayName: "Slack notifications",
  description: "The slack notification channel kind",
});

export { slackConfigSchema, type SlackConfig } from "./config";
export { slackChannel } from "./slack-channel";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(notificationChannelExtensionPoint, slackChannel);
    // Stateless: each send is one HTTP request.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
