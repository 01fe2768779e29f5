import {
  configSectionExtensionPoint,
  coreServices,
  createBackendPlugin,
  statusPageContentExtensionPoint,
  UnavailableError,
  type RpcClient,
} from "@checkstack/backend-api";
import { maintenanceProviderExtensionPoint } from "@checkstack/notification-common";
import { MaintenanceApi, maintenanceAccess, maintenanceAccessRuleList, maintenanceServiceRef, pluginMetadata } from "@checkstack/maintenance-common";
import { maintenanceConfigSection } from "./config-section";
import { MaintenanceEvents } from "./events";
import { WindowOwnership } from "./ownership";
import { createMaintenanceRouter } from "./router";
import * as schema from "./schema";
import { TransitionTicker } from "./transition-ticker";
import { WindowService } from "./window-service";

const OCCURRENCES_QUEUE = "occurrences";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerAccessRules(maintenanceAccessRuleList);
    // Row-level security: occurrences are exactly as visible as their window.
    env.registerResourceTable({ table: schema.windows, access: maintenanceAccess.window });
    env.registerResourceTable({ table: schema.occurrences, access: maintenanceAccess.window, idColumn: "window_id" });

    const events = new MaintenanceEvents();
    let service: WindowService | undefined;
    let client: RpcClient | undefined;
    let ticker: TransitionTicker | undefined;
    let configClient: RpcClient | undefined;
    env.registerExtensionPoint(configSectionExtensionPoint, maintenanceConfigSection(() => configClient));
    const ready = () => {
      if (!service) throw new UnavailableError("Maintenance is still starting; try again shortly", { retryAfterSeconds: 1 });
      return service;
    };

    // Alerting's suppression point: answered from the database, the same on every instance.
    env.registerService(maintenanceServiceRef, { activeFor: async (systemIds, at) => ready().activeFor(systemIds, at) });
    // Alerting's first suppression ("is system X in maintenance at T?"), at the notification plugin's point.
    env.registerExtensionPoint(maintenanceProviderExtensionPoint, {
      id: "maintenance",
      windowAt: async (systemId, at) => {
        const window = await ready().windowAt(systemId, at);
        return window ? { title: window.title, endsAt: window.endsAt } : null;
      },
    });
    // Status pages read through the service procedure, so the read runs as this plugin's service principal
    // even inside an anonymous page request, and only the public fields leave.
    env.registerExtensionPoint(statusPageContentExtensionPoint, {
      maintenances: async ({ systemIds, from, to }) => {
        if (!client) throw new UnavailableError("Maintenance is still starting; try again shortly", { retryAfterSeconds: 1 });
        return (await client.forPlugin(MaintenanceApi).publicMaintenances({ systemIds: [...systemIds], from, to })).maintenances;
      },
    });

    env.registerInit({
      schema,
      deps: { rpc: coreServices.rpc, rpcClient: coreServices.rpcClient, logger: coreServices.logger, admin: coreServices.accessAdministration, queue: coreServices.queue },
      init: async ({ database, rpc, admin, rpcClient }) => {
        configClient = rpcClient;
        service = new WindowService(database);
        rpc.registerRouter(createMaintenanceRouter({ windows: service, ownership: new WindowOwnership(admin), events }));
      },
      afterPluginsReady: async ({ database, emitHook, rpcClient, queue, logger }) => {
        events.attach(emitHook);
        client = rpcClient;
        // Occurrences 30 days ahead: topped up hourly by one instance of the cluster (idempotent if doubled).
        await queue.consume(OCCURRENCES_QUEUE, async () => void (await ready().topUp(new Date())), { concurrency: 1, maxRetries: 3, timeoutSeconds: 300 });
        await queue.scheduleRecurring("top-up", OCCURRENCES_QUEUE, { everySeconds: 3600 }, { task: "top-up" });
        ticker = new TransitionTicker(database, emitHook, logger);
        ticker.start();
        logger.info("maintenance ready");
      },
    });
    env.registerCleanup(async () => {
      await ticker?.stop();
      events.detach();
    });
  },
});

export { TransitionTicker } from "./transition-ticker";
export { WindowService } from "./window-service";
