import { configSectionExtensionPoint, coreServices, createBackendPlugin, healthCheckExtensionPoint, type RpcClient } from "@checkstack/backend-api";
import { checksConfigSection } from "./config-section";
import { healthcheckAccessRules, pluginMetadata } from "@checkstack/healthcheck-common";
import { CheckEngine } from "./check-engine";
import { CheckService } from "./check-service";
import { scheduleMaintenance } from "./maintenance-jobs";
import { registerHealthcheckTables } from "./resource-tables";
import { createHealthcheckRouter } from "./router";
import * as schema from "./schema";
import { StatusService } from "./status-service";
import { createSystemDirectory } from "./system-directory";
import { followSystemDeletions } from "./system-deletions";
import { publishLiveEvents } from "./live-events";
import { healthcheckMetricsCollector } from "./metrics-collector";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerAccessRules(healthcheckAccessRules);
    registerHealthcheckTables(env);
    const strategies = env.getExtensionPoint(healthCheckExtensionPoint);
    // The one piece of state shared by the phases below.
    const engine = new CheckEngine();
    // The `checks` section of checkstack.yaml, calling this plugin's procedures as the caller.
    let configClient: RpcClient | undefined;
    env.registerExtensionPoint(configSectionExtensionPoint, checksConfigSection(() => configClient, strategies));

    env.registerInit({
      schema,
      deps: {
        rpc: coreServices.rpc,
        rpcClient: coreServices.rpcClient,
        logger: coreServices.logger,
        secrets: coreServices.secrets,
        config: coreServices.config,
        queue: coreServices.queue,
        metrics: coreServices.metrics,
        live: coreServices.liveEvents,
      },
      init: async ({ database, rpc, rpcClient, logger, secrets, config, metrics, live }) => {
        configClient = rpcClient;
        metrics.registerClusterCollector(healthcheckMetricsCollector(database));
        publishLiveEvents(live);
        const checks = new CheckService(database, strategies, secrets);
        engine.build(database, checks, logger, metrics);
        rpc.registerRouter(
          createHealthcheckRouter({
            checks,
            status: new StatusService(database),
            directory: createSystemDirectory(rpcClient),
            config,
            onScheduleChanged: () => engine.wake(),
          }),
        );
      },
      afterPluginsReady: async ({ database, queue, config, logger, rpcClient, onHook, emitHook }) => {
        engine.attachEmitter(emitHook);
        followSystemDeletions({ database, onHook, rpcClient, logger });
        await scheduleMaintenance({ database, queue, config });
        engine.start();
      },
    });
    env.registerCleanup(() => engine.stop());
  },
});

export { CheckScheduler } from "./scheduler/check-scheduler";
