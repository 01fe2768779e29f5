import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { tcpStrategy } from "./tcp-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-tcp",
  displayName: "TCP health checks",
  description: "The tcp health check strategy",
});

export { tcpCheckConfigSchema, type TcpCheckConfig } from "./config";
export { tcpStrategy } from "./tcp-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, tcpStrategy);
    // Nothing to set up: the strategy is stateless and opens its connections per run.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
