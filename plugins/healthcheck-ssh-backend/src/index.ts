import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { sshStrategy } from "./ssh-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-ssh",
  displayName: "SSH health checks",
  description: "The ssh health check strategy",
});

export { sshCheckConfigSchema, type SshCheckConfig } from "./config";
export { sshStrategy } from "./ssh-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, sshStrategy);
    // Nothing to set up: each run opens (and closes) its own connection.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
