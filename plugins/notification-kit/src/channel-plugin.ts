import { createBackendPlugin, notificationChannelExtensionPoint, type BackendPlugin, type NotificationChannelKind } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";

/**
 * The whole plugin of a package that adds one channel kind: it registers the kind at
 * notificationChannelExtensionPoint (the notification plugin lists it, validates channel configs with its
 * schema and delivers through its send) and needs nothing at init, since a send is self-contained.
 */
export function channelKindPlugin(options: { pluginId: string; displayName: string; channel: NotificationChannelKind }): BackendPlugin {
  return createBackendPlugin({
    metadata: definePluginMetadata({
      pluginId: options.pluginId,
      displayName: options.displayName,
      description: `The ${options.channel.id} notification channel kind`,
    }),
    register(env) {
      env.registerExtensionPoint(notificationChannelExtensionPoint, options.channel);
      env.registerInit({ deps: {}, init: async () => undefined });
    },
  });
}
