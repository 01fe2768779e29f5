import type { AccessAdministration } from "./access-administration";
import type { ConfigService } from "./config-service";
import type { LiveEventsService } from "./live-events";
import type { HttpRouteService } from "./http-route-service";
import type { Logger } from "./logger";
import type { MetricsService } from "./metrics-service";
import type { QueueService } from "./queue-service";
import type { SecretService } from "./secret-service";
import type { RpcClient, RpcService } from "./rpc-service";
import { createServiceRef } from "./service-ref";

/** Services every plugin can depend on; each is scoped to the plugin that asks for it. */
export const coreServices = {
  rpc: createServiceRef<RpcService>("core.rpc"),
  http: createServiceRef<HttpRouteService>("core.http"),
  logger: createServiceRef<Logger>("core.logger"),
  rpcClient: createServiceRef<RpcClient>("core.rpcClient"),
  config: createServiceRef<ConfigService>("core.config"),
  queue: createServiceRef<QueueService>("core.queue"),
  metrics: createServiceRef<MetricsService>("core.metrics"),
  secrets: createServiceRef<SecretService>("core.secrets"),
  accessAdministration: createServiceRef<AccessAdministration>("core.accessAdministration"),
  /** Publishes the plugin's hooks to the browsers' live stream (GET /api/live); see live-events.ts. */
  liveEvents: createServiceRef<LiveEventsService>("core.liveEvents"),
} as const;
