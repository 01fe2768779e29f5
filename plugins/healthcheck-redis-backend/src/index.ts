import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { redisStrategy } from "./redis-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-redis",
  displayName: "Redis health checks",
  description: "The redis health check strategy",
});

export { redisCheckConfigSchema, type RedisCheckConfig } from "./config";
export { redisStrategy } from "./redis-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, redisStrategy);
    // Nothing to set up: each run opens (and closes) a connection of its own.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
