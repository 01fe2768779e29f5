import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { dnsStrategy } from "./dns-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-dns",
  displayName: "DNS health checks",
  description: "The dns health check strategy",
});

export { dnsCheckConfigSchema, type DnsCheckConfig } from "./config";
export { dnsStrategy } from "./dns-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, dnsStrategy);
    // Nothing to set up: each run uses a resolver of its own.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
