import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { httpStrategy } from "./http-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-http",
  displayName: "HTTP health checks",
  description: "The http health check strategy",
});

export { httpCheckConfigSchema, type HttpCheckConfig } from "./config";
export { httpStrategy } from "./http-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, httpStrategy);
    // Nothing to set up: the strategy is stateless and opens its connections per run.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
