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
import { loadAckLinkSigner, type AckLinkSigner } from "./ack-links";
import { ackRoute } from "./ack-route";
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
    for (const table of [schema.linkKeys, schema.announcements, schema.systemState, schema.statusChanges, schema.alertRuleState, schema.messages, schema.notifications, schema.deliveryAttempts, schema.timeline]) {
      env.excludeFromAudit(table, bookkeeping);
    }
    const kinds = new ChannelKinds(env.getExtensionPoint(notificationChannelExtensionPoint));
    const maintenance = env.getExtensionPoint(maintenanceProviderExtensionPoint);
    // The `channels` and `alertRules` sections of checkstack.yaml, calling this plugin's procedures as the caller.
    let configClient: RpcClient | undefined;
    // The acknowledge-link key, read (or first written) once the plugin's tables are there.
    let ackLinks: AckLinkSigner | undefined;
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
        http: coreServices.http,
      },
      init: async ({ database, rpc, rpcClient, logger, secrets, config, queue, admin, http }) => {
        configClient = rpcClient;
        http.registerRoute(ackRoute(() => ackLinks, () => configClient));
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
        const signer = await loadAckLinkSigner(database, secrets);
        ackLinks = signer;
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
            ackLink: (alertId, publicUrl) => signer.link(publicUrl, alertId),
        });
        // Incident and maintenance events, through the same rules and channels.
        await startAnnouncementWork({ database, queue, logger, rpcClient, onHook, channels, kinds });
      },
    });
  },
});

export { alertingSettings } from "./settings";
