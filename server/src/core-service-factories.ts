import {
  coreServices,
  type AccessAdministration,
  type ConfigService,
  type LiveEventsService,
  type Logger,
  type RpcClient,
  type SecretService,
} from "@checkstack/backend-api";
import type { CoreServiceFactory } from "./plugin-runtime/plugin-runtime";
import type { PluginQueueServices } from "./queue/plugin-queue-services";
import type { RouterRegistry } from "./plugin-runtime/router-registry";
import type { PluginRouteTable } from "./http/plugin-route-table";
import type { PlatformMetrics } from "./metrics/platform-metrics";

/** The services every plugin may depend on, each built for (and scoped to) the plugin asking. */
export function coreServiceFactories(deps: {
  logger: Logger;
  routers: RouterRegistry;
  httpRoutes: PluginRouteTable;
  metrics: PlatformMetrics;
  clientFor: (pluginId: string) => RpcClient;
  configFor: (pluginId: string) => ConfigService;
  secrets: SecretService;
  queues: PluginQueueServices;
  accessAdministration: AccessAdministration;
  liveEventsFor: (pluginId: string) => LiveEventsService;
}): ReadonlyMap<string, CoreServiceFactory> {
  return new Map<string, CoreServiceFactory>([
    [coreServices.logger.id, (pluginId) => deps.logger.child({ pluginId })],
    [coreServices.rpc.id, (pluginId) => ({ registerRouter: (router: Parameters<RouterRegistry["mount"]>[1]) => deps.routers.mount(pluginId, router) })],
    [coreServices.http.id, (pluginId) => ({ registerRoute: (route: Parameters<PluginRouteTable["mount"]>[1]) => deps.httpRoutes.mount(pluginId, route) })],
    [coreServices.metrics.id, (pluginId) => deps.metrics.forPlugin(pluginId)],
    [coreServices.rpcClient.id, deps.clientFor],
    [coreServices.config.id, deps.configFor],
    [coreServices.secrets.id, () => deps.secrets],
    [coreServices.queue.id, (pluginId) => deps.queues.forPlugin(pluginId)],
    [coreServices.accessAdministration.id, () => deps.accessAdministration],
    [coreServices.liveEvents.id, deps.liveEventsFor],
  ]);
}
