import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { pingStrategy } from "./ping-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-ping",
  displayName: "Ping health checks",
  description: "The ping (ICMP) health check strategy",
});

export { pingCheckConfigSchema, type PingCheckConfig } from "./config";
export { pingStrategy } from "./ping-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, pingStrategy);
    // Nothing to set up: each run starts its own ping process.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
