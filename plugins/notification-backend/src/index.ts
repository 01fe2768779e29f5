import {
  configSectionExtensionPoint,
  coreServices,
  createBackendPlugin,
  notificationChannelExtensionPoint,
  type QueueService,
  type RpcClient,
} from "@checkstack/backend-api";
import { CATALOG_PLUGIN_ID, catalogAccess } from "@checkstack/catalog-common";
import { healthcheckHooks } from "@checkstack/healthcheck-common";
import {
  maintenanceProviderExtensionPoint,
  notificationAccess,
  notificationAccessRules,
  notificationResourceTypes,
  pluginMetadata,
} from "@checkstack/notification-common";
import { AlertService, DeliveryLog } from "./alert-service";
import { startAnnouncementWork } from "./announcements/subscribe";
import { ChannelKinds } from "./channel-kinds";
import { ChannelService } from "./channel-service";
import { notificationConfigSections } from "./config-sections";
import { startAlertingWork } from "./lifecycle";
import { ResourceOwnership } from "./ownership";
import type { EnqueueDelivery } from "./pipeline/outbox";
import { createNotificationRouter } from "./router";
import { RuleService } from "./rule-service";
import * as schema from "./schema";
import { alertingSettings } from "./settings";

/** The delivery queue: one job per message. */
export const DELIVERY_QUEUE = "deliver";

export function enqueueDeliveryWith(queue: QueueService): EnqueueDelivery {
  return async (messageId, delaySeconds) => {
    await queue.enqueue(DELIVERY_QUEUE, { messageId }, delaySeconds > 0 ? { delaySeconds } : {});
  };
}

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerAccessRules(notificationAccessRules);
    env.registerResourceTable({ table: schema.channels, access: notificationAccess.channel });
    env.registerResourceTable({ table: schema.rules, access: notificationAccess.rule });
    // An alert is as visible as its system (team-only systems: only their teams see their alerts).
    env.registerResourceTable({ table: schema.alerts, access: catalogAccess.system, idColumn: "system_id", resourcePluginId: CATALOG_PLUGIN_ID });
    const bookkeeping = "alert delivery bookkeeping written by the alerting pipeline at volume; people's actions (channels, rules, silences, acknowledgements) stay audited";
    for (const table of [schema.announcements, schema.systemState, schema.statusChanges, schema.alertRuleState, schema.messages, schema.notifications, schema.deliveryAttempts, schema.timeline]) {
      env.excludeFromAudit(table, bookkeeping);
    }
    const kinds = new ChannelKinds(env.getExtensionPoint(notificationChannelExtensionPoint));
    const maintenance = env.getExtensionPoint(maintenanceProviderExtensionPoint);
    // The `channels` and `alertRules` sections of checkstack.yaml, calling this plugin's procedures as the caller.
    let configClient: RpcClient | undefined;
    for (const section of notificationConfigSections(() => configClient, kinds)) env.registerExtensionPoint(configSectionExtensionPoint, section);

    env.registerInit({
      schema,
      deps: {
        rpc: coreServices.rpc,
        rpcClient: coreServices.rpcClient,
        logger: coreServices.logger,
        secrets: coreServices.secrets,
        config: coreServices.config,
        queue: coreServices.queue,
        admin: coreServices.accessAdministration,
      },
      init: async ({ database, rpc, rpcClient, logger, secrets, config, queue, admin }) => {
        configClient = rpcClient;
        const channels = new ChannelService(database, kinds, secrets);
        const enqueue = enqueueDeliveryWith(queue);
        rpc.registerRouter(
          createNotificationRouter({
            database,
            kinds,
            channels,
            rules: new RuleService(database),
            alerts: new AlertService(database),
            deliveries: new DeliveryLog(database),
            channelOwnership: new ResourceOwnership(admin, notificationResourceTypes.channel),
            ruleOwnership: new ResourceOwnership(admin, notificationResourceTypes.rule),
            enqueue,
            sender: {
              channels,
              kinds,
              enqueue,
              logger,
              publicUrl: async () => (await config.get(alertingSettings))?.publicUrl ?? null,
            },
          }),
        );
      },
      afterPluginsReady: async ({ database, queue, config, logger, rpcClient, onHook, secrets }) => {
        const channels = new ChannelService(database, kinds, secrets);
        await startAlertingWork({
            database,
            queue,
            config,
            logger,
            rpcClient,
            onHook,
            channels,
            kinds,
            maintenance,
            enqueue: enqueueDeliveryWith(queue),
            hooks: healthcheckHooks,
        });
        // Incident and maintenance events, through the same rules and channels.
        await startAnnouncementWork({ database, queue, logger, rpcClient, onHook, channels, kinds });
      },
    });
  },
});

export { alertingSettings } from "./settings";
