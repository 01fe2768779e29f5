import type { ConfigService, ExtensionPointCollection, Logger, OnHook, QueueService, RpcClient } from "@checkstack/backend-api";
import type { healthcheckHooks as HealthcheckHooks } from "@checkstack/healthcheck-common";
import type { MaintenanceProvider } from "@checkstack/notification-common";
import type { ChannelKinds } from "./channel-kinds";
import type { ChannelService } from "./channel-service";
import type { NotificationDatabase } from "./database";
import { sendMessage } from "./delivery/sender";
import type { EnqueueDelivery } from "./pipeline/outbox";
import { applyRetention, claimEscalations, claimReminders, overdueMessages } from "./pipeline/timers";
import { applyTransition } from "./pipeline/transition";
import { alertingSettings, type AlertingSettings } from "./settings";
import { cachedSettings } from "./settings-cache";
import { createSystemLookup } from "./system-lookup";

export interface AlertingWorkDeps {
  database: NotificationDatabase;
  queue: QueueService;
  config: ConfigService;
  logger: Logger;
  rpcClient: RpcClient;
  onHook: OnHook;
  channels: ChannelService;
  kinds: ChannelKinds;
  maintenance: ExtensionPointCollection<MaintenanceProvider>;
  enqueue: EnqueueDelivery;
  hooks: typeof HealthcheckHooks;
  /** Signed acknowledge links for messages (see ack-links.ts). */
  ackLink?: (alertId: string, publicUrl: string | null) => string | null;
}

/** The worker group every instance joins for status changes: one instance handles each event. */
export const TRANSITION_WORKER_GROUP = "alerting";
const TICK_QUEUE = "tick";
const RETENTION_QUEUE = "retention";
/** Reminders and escalations are checked this often, cluster-wide. */
export const TICK_SECONDS = 5;

/** Deliveries one instance has in hand at once: each holds a connection while its provider answers. */
export const DELIVERY_CONCURRENCY = 32;

async function settingsOf(config: ConfigService): Promise<AlertingSettings> {
  return (await config.get(alertingSettings)) ?? alertingSettings.schema.parse({});
}

/**
 * Subscribes to status changes (work queue, exactly-once effects through markHandled), consumes the
 * delivery queue and the cluster-wide tick (reminders, escalations, overdue messages) and schedules
 * retention. The platform ends subscriptions and consumers when the plugin unloads.
 */
export async function startAlertingWork(deps: AlertingWorkDeps): Promise<void> {
  const { database, queue, config, logger, onHook, enqueue } = deps;
  const lookup = createSystemLookup(deps.rpcClient, logger);
  const settingsNow = cachedSettings(config);

  for (const hook of [deps.hooks.systemHealthy, deps.hooks.systemDegraded, deps.hooks.systemUnhealthy]) {
    onHook(
        hook,
        async (transition, delivery) => {
          // Everything asked of other plugins and settings comes first, before this handler's transaction takes
          // its connection with its first statement: a handler holding one connection while waiting for a
          // second would starve the pool under a burst. Reads only, so a redelivery wastes nothing but them.
          const down = transition.status === "degraded" || transition.status === "unhealthy";
          // Independent reads, asked side by side: each is a round trip to another plugin.
          const [settings, context, reason] = await Promise.all([
            settingsNow(),
            down ? lookup.context(transition.systemId) : null,
            down ? lookup.reason(transition.systemId) : null,
          ]);
          // A redelivery of an event whose effects already committed does nothing.
          if (!(await delivery.markHandled())) return;
          const outcome = await applyTransition(
            {
              database,
              maintenance: deps.maintenance,
              logger,
              flapChanges: settings.flapChanges,
              flapWindowMinutes: settings.flapWindowMinutes,
              systemContext: async () => context,
              reasonOf: async () => reason,
              enqueue,
            },
            transition,
          );
          logger.debug("status change applied", { eventId: delivery.eventId, systemId: transition.systemId, status: transition.status, ...outcome });
        },
        { mode: "work-queue", workerGroup: TRANSITION_WORKER_GROUP, maxRetries: 10, timeoutSeconds: 20 },
    );
  }

  await queue.consume<{ messageId: string }>(
      "deliver",
      async (job) => {
        // Read before the job's transaction takes its connection (see above).
        const publicUrl = (await settingsNow()).publicUrl ?? null;
        const outcome = await sendMessage(
          { database, channels: deps.channels, kinds: deps.kinds, enqueue, logger, publicUrl: async () => publicUrl, ...(deps.ackLink ? { ackLink: deps.ackLink } : {}) },
          job.data.messageId,
        );
        logger.debug("message handled", { messageId: job.data.messageId, outcome });
      },
      { concurrency: DELIVERY_CONCURRENCY, maxRetries: 10, timeoutSeconds: 20 },
    );

  await queue.consume(
      TICK_QUEUE,
      async () => {
        const reminders = await claimReminders(database, enqueue);
        const escalations = await claimEscalations(database, enqueue);
        for (const messageId of await overdueMessages(database)) await enqueue(messageId, 0);
        if (reminders + escalations > 0) logger.debug("timers claimed", { reminders, escalations });
      },
      { concurrency: 1, maxRetries: 1, timeoutSeconds: 30 },
    );
  await queue.scheduleRecurring("alerting-tick", TICK_QUEUE, { everySeconds: TICK_SECONDS });

  await queue.consume(
      RETENTION_QUEUE,
      async () => {
        const settings = await settingsOf(config);
        await applyRetention(database, settings.deliveryLogDays, settings.alertDays);
      },
      { concurrency: 1, maxRetries: 2, timeoutSeconds: 300 },
    );
  await queue.scheduleRecurring("alerting-retention", RETENTION_QUEUE, { cron: "17 3 * * *" });
}
