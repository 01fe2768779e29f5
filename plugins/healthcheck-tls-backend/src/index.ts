import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { tlsStrategy } from "./tls-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-tls",
  displayName: "TLS certificate health checks",
  description: "The tls health check strategy",
});

export { tlsCheckConfigSchema, type TlsCheckConfig } from "./config";
export { tlsStrategy } from "./tls-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, tlsStrategy);
    // Nothing to set up: the strategy is stateless and opens its connections per run.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
