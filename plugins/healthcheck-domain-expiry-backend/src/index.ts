import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { domainExpiryStrategy } from "./domain-expiry-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-domain-expiry",
  displayName: "Domain expiry health checks",
  description: "The domain-expiry health check strategy",
});

export { domainExpiryCheckConfigSchema, type DomainExpiryCheckConfig } from "./config";
export { domainExpiryStrategy } from "./domain-expiry-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, domainExpiryStrategy);
    // Nothing to set up: the bootstrap registry is cached in memory on first use.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
