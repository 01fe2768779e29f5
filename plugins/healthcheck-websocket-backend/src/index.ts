import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { websocketStrategy } from "./websocket-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-websocket",
  displayName: "WebSocket health checks",
  description: "The websocket health check strategy",
});

export { websocketCheckConfigSchema, type WebsocketCheckConfig } from "./config";
export { websocketStrategy } from "./websocket-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, websocketStrategy);
    // Nothing to set up: each run opens (and closes) a connection of its own.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
