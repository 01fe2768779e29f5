import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { grpcStrategy } from "./grpc-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-grpc",
  displayName: "gRPC health checks",
  description: "The grpc health check strategy (gRPC health checking protocol)",
});

export { grpcCheckConfigSchema, type GrpcCheckConfig } from "./config";
export { grpcStrategy } from "./grpc-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, grpcStrategy);
    // Nothing to set up: each run opens (and closes) its own channel.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
