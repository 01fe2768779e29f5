import type { Hook, Logger, OnHook, QueueService, RpcClient } from "@checkstack/backend-api";
import { IncidentApi, incidentHooks, type IncidentHookPayload } from "@checkstack/incident-common";
import { maintenanceHooks, type MaintenanceHookPayload } from "@checkstack/maintenance-common";
import type { ChannelKinds } from "../channel-kinds";
import type { ChannelService } from "../channel-service";
import type { NotificationDatabase } from "../database";
import { createSystemLookup } from "../system-lookup";
import { writeAnnouncements, type EnqueueAnnouncement } from "./outbox";
import { sendAnnouncement } from "./sender";
import { renderAnnouncement, type AnnouncementEvent, type AnnouncementFacts } from "./texts";

/** The worker group every instance joins for incident and maintenance events: one instance handles each. */
export const ANNOUNCEMENT_WORKER_GROUP = "alerting-announcements";
/** The queue of announcement deliveries: one job per (event, channel). */
export const ANNOUNCE_QUEUE = "announce";

export function enqueueAnnouncementWith(queue: QueueService): { enqueue: EnqueueAnnouncement; retryLater: (id: string, delaySeconds: number) => Promise<void> } {
  return {
    enqueue: async (announcementId) => void (await queue.enqueue(ANNOUNCE_QUEUE, { announcementId })),
    retryLater: async (announcementId, delaySeconds) => void (await queue.enqueue(ANNOUNCE_QUEUE, { announcementId }, { delaySeconds })),
  };
}

export interface AnnouncementWorkDeps {
  database: NotificationDatabase;
  queue: QueueService;
  logger: Logger;
  rpcClient: RpcClient;
  onHook: OnHook;
  channels: ChannelService;
  kinds: ChannelKinds;
}

/**
 * Incident (created, updated, resolved) and maintenance (upcoming, started, ended) events reach the
 * channels of the rules covering the affected systems. Each event is handled once cluster-wide: a
 * work-queue subscription whose handler marks the event handled and writes the announcement rows
 * (with their delivery jobs) in one transaction; delivery runs on its own queue beside the alerts'.
 */
export async function startAnnouncementWork(deps: AnnouncementWorkDeps): Promise<void> {
  const { database, logger, onHook } = deps;
  const lookup = createSystemLookup(deps.rpcClient, logger);
  const jobs = enqueueAnnouncementWith(deps.queue);

  /** Reads (other plugins) first, then the handled mark and the writes, in the delivery's one transaction. */
  const handle = async (kind: "incident" | "maintenance", eventKey: string, facts: Omit<AnnouncementFacts, "systems">, systemIds: string[], markHandled: () => Promise<boolean>) => {
    const contexts = await lookup.contexts(systemIds);
    if (!(await markHandled())) return;
    const content = renderAnnouncement({ ...facts, systems: contexts.map((context) => ({ id: context.systemId, name: context.name })) });
    const written = await writeAnnouncements(database, { eventKey, kind, content, systems: contexts }, jobs.enqueue);
    logger.debug("announcement queued", { event: facts.event, eventKey, channels: written });
  };

  /** The timeline entry the change wrote, for the message's body; a failed read costs only the body. */
  const incidentMessage = async (payload: IncidentHookPayload): Promise<string | undefined> => {
    try {
      const detail = await deps.rpcClient.forPlugin(IncidentApi).getIncident({ incidentId: payload.incidentId });
      return detail.updates.find((update) => update.id === payload.updateId)?.body;
    } catch (error) {
      logger.debug("no incident message for the announcement", { incidentId: payload.incidentId, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };

  const incidentEvents: Array<[Hook<IncidentHookPayload>, AnnouncementEvent]> = [
    [incidentHooks.created, "incident.created"],
    [incidentHooks.updated, "incident.updated"],
    [incidentHooks.resolved, "incident.resolved"],
  ];
  for (const [hook, event] of incidentEvents) {
    onHook(
      hook,
      async (payload, delivery) => {
        const message = await incidentMessage(payload);
        const facts = {
          event,
          subject: payload.title,
          subjectKey: `incident:${payload.incidentId}`,
          occurredAt: new Date().toISOString(),
          status: payload.status,
          impact: payload.impact,
          ...(message ? { message } : {}),
        };
        await handle("incident", `incident:${payload.updateId}`, facts, payload.systemIds, () => delivery.markHandled());
      },
      { mode: "work-queue", workerGroup: ANNOUNCEMENT_WORKER_GROUP, maxRetries: 10, timeoutSeconds: 20 },
    );
  }

  const maintenanceEvent = (transition: "upcoming" | "started" | "ended", payload: MaintenanceHookPayload & { cancelled?: boolean }): AnnouncementEvent =>
    transition === "ended" && payload.cancelled ? "maintenance.cancelled" : `maintenance.${transition}`;
  for (const transition of ["upcoming", "started", "ended"] as const) {
    onHook(
      maintenanceHooks[transition] as Hook<MaintenanceHookPayload & { cancelled?: boolean }>,
      async (payload, delivery) => {
        const facts = {
          event: maintenanceEvent(transition, payload),
          subject: payload.title,
          subjectKey: `maintenance:${payload.occurrenceId}`,
          occurredAt: transition === "upcoming" ? new Date().toISOString() : transition === "started" ? payload.startsAt : payload.endsAt,
          startsAt: payload.startsAt,
          endsAt: payload.endsAt,
        };
        await handle("maintenance", `maintenance:${payload.occurrenceId}:${transition}`, facts, payload.systemIds, () => delivery.markHandled());
      },
      { mode: "work-queue", workerGroup: ANNOUNCEMENT_WORKER_GROUP, maxRetries: 10, timeoutSeconds: 20 },
    );
  }

  await deps.queue.consume<{ announcementId: string }>(
    ANNOUNCE_QUEUE,
    async (job) => {
      const outcome = await sendAnnouncement({ database, channels: deps.channels, kinds: deps.kinds, logger, retryLater: jobs.retryLater }, job.data.announcementId);
      logger.debug("announcement handled", { announcementId: job.data.announcementId, outcome });
    },
    { concurrency: 5, maxRetries: 10, timeoutSeconds: 20 },
  );
}
