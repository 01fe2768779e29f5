import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { postgresStrategy } from "./postgres-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-postgres",
  displayName: "PostgreSQL health checks",
  description: "The postgres health check strategy",
});

export { postgresCheckConfigSchema, type PostgresCheckConfig } from "./config";
export { postgresStrategy } from "./postgres-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, postgresStrategy);
    // Nothing to set up: each run opens (and closes) a connection of its own.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
