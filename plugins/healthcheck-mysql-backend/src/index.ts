import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { mysqlStrategy } from "./mysql-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-mysql",
  displayName: "MySQL and MariaDB health checks",
  description: "The mysql health check strategy",
});

export { mysqlCheckConfigSchema, type MysqlCheckConfig } from "./config";
export { mysqlStrategy } from "./mysql-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, mysqlStrategy);
    // Nothing to set up: each run opens (and closes) a connection of its own.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
