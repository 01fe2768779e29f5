import type { ConfigService, HookDelivery, Logger, OnHook, QueueService } from "@checkstack/backend-api";
import { incidentHooks, type IncidentHookPayload } from "@checkstack/incident-common";
import { maintenanceHooks } from "@checkstack/maintenance-common";
import type { StatuspageDatabase } from "../database";
import { fanOut } from "./fanout";
import { incidentNotice, maintenanceNotice, type Notice } from "./notices";
import { pruneSignupAttempts } from "./rate-limit";
import { overdueDeliveries, sendDelivery, type EnqueueDelivery, type SenderDeps } from "./sender";
import { readSubscriberSettings } from "./settings";

/** The delivery queue: one job per outbox row. */
export const SUBSCRIBER_DELIVERY_QUEUE = "subscriber-deliver";
const SWEEP_QUEUE = "subscriber-sweep";
/** Every instance joins this group: one instance handles each incident or maintenance event. */
export const SUBSCRIBER_WORKER_GROUP = "subscribers";

export function enqueueDeliveryWith(queue: QueueService): EnqueueDelivery {
  return async (deliveryId, delaySeconds) => {
    await queue.enqueue(SUBSCRIBER_DELIVERY_QUEUE, { deliveryId }, delaySeconds > 0 ? { delaySeconds } : {});
  };
}

export interface SubscriberWorkDeps extends SenderDeps {
  database: StatuspageDatabase;
  queue: QueueService;
  config: ConfigService;
  onHook: OnHook;
  logger: Logger;
  groupSystems(groupId: string): Promise<string[]>;
}

/**
 * Subscribes to incident and maintenance events (work queue: one instance per event, effects exactly
 * once through markHandled and the outbox's unique key), consumes the delivery queue, and sweeps for
 * rows whose job was lost and for old sign-up counters.
 */
export async function startSubscriberWork(deps: SubscriberWorkDeps): Promise<void> {
  const { onHook, queue, config, logger } = deps;
  const options = { mode: "work-queue", workerGroup: SUBSCRIBER_WORKER_GROUP, maxRetries: 10, timeoutSeconds: 30 } as const;
  const handle = (systemIds: readonly string[], delivery: HookDelivery, notice: (page: { slug: string; title: string }) => Notice) =>
    fanOut({ database: deps.database, enqueue: deps.enqueue, groupSystems: deps.groupSystems }, delivery, systemIds, notice).then((written) => {
      logger.debug("subscriber notices written", { eventId: delivery.eventId, written });
    });

  for (const [hook, type] of [
    [incidentHooks.created, "incident.created"],
    [incidentHooks.updated, "incident.updated"],
    [incidentHooks.resolved, "incident.resolved"],
  ] as const) {
    onHook(hook, (payload: IncidentHookPayload, delivery) => handle(payload.systemIds, delivery, (page) => incidentNotice(type, delivery.eventId, page, payload)), options);
  }
  onHook(maintenanceHooks.upcoming, (payload, delivery) => handle(payload.systemIds, delivery, (page) => maintenanceNotice("maintenance.scheduled", delivery.eventId, page, payload)), options);
  onHook(maintenanceHooks.started, (payload, delivery) => handle(payload.systemIds, delivery, (page) => maintenanceNotice("maintenance.started", delivery.eventId, page, payload)), options);
  onHook(maintenanceHooks.ended, (payload, delivery) => handle(payload.systemIds, delivery, (page) => maintenanceNotice("maintenance.ended", delivery.eventId, page, payload)), options);

  await queue.consume<{ deliveryId: string }>(
    SUBSCRIBER_DELIVERY_QUEUE,
    async (job) => {
      // Read before the job's transaction takes its connection.
      const settings = await readSubscriberSettings(config);
      const outcome = await sendDelivery(deps, settings, job.data.deliveryId);
      logger.debug("subscriber delivery handled", { deliveryId: job.data.deliveryId, outcome });
    },
    { concurrency: 5, maxRetries: 5, timeoutSeconds: 60 },
  );

  await queue.consume(
    SWEEP_QUEUE,
    async () => {
      for (const id of await overdueDeliveries(deps.database)) await deps.enqueue(id, 0);
      await pruneSignupAttempts(deps.database);
    },
    { concurrency: 1, maxRetries: 1, timeoutSeconds: 60 },
  );
  await queue.scheduleRecurring("subscriber-sweep", SWEEP_QUEUE, { everySeconds: 60 });
}
