import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { smtpStrategy } from "./smtp-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-smtp",
  displayName: "SMTP health checks",
  description: "The smtp health check strategy",
});

export { smtpCheckConfigSchema, type SmtpCheckConfig } from "./config";
export { smtpStrategy } from "./smtp-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, smtpStrategy);
    // Nothing to set up: each run opens (and closes) its own connection.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
