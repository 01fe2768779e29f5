import type { Pool } from "pg";
import type { HookDelivery, HookMode } from "@checkstack/backend-api";
import { currentDbScope } from "../database/db-scope";
import { MARK_HANDLED, PRUNE_HANDLED_EVENTS } from "./hook-statements";

/**
 * Marks are kept as long as a job of theirs can come back: retries end within
 * minutes, but a dead-lettered event may be re-queued by an operator within
 * the dead-letter queue's 14 days.
 */
export const HANDLED_RETENTION_SECONDS = 14 * 24 * 3600;

/**
 * Records that `handler` handled `eventId`, in the transaction the handler
 * runs in: the mark commits with the handler's effects or not at all. A
 * concurrent delivery of the same event (a redelivery while the first is
 * still running) waits on the first one's uncommitted mark, then sees it.
 */
export async function markHandled(eventId: string, handler: string): Promise<boolean> {
  const scope = currentDbScope();
  if (!scope) throw new Error("markHandled() must be called inside the hook handler, which runs in a transaction");
  const client = await scope.client();
  const result = await client.query(MARK_HANDLED, [eventId, handler]);
  return result.rowCount === 1;
}

/** The delivery of a work-queue job: `handler` is the group's queue name, unique per plugin and group. */
export function workQueueDelivery(eventId: string, handler: string): HookDelivery {
  return { eventId, mode: "work-queue", markHandled: () => markHandled(eventId, handler) };
}

/** Broadcast and instance-local deliveries are never repeated, so there is nothing to mark. */
export function onceOnlyDelivery(eventId: string, mode: Exclude<HookMode, "work-queue">): HookDelivery {
  return {
    eventId,
    mode,
    markHandled: () => Promise.reject(new Error(`markHandled() is for work-queue subscriptions; ${mode} deliveries are never repeated`)),
  };
}

export async function pruneHandledEvents(pool: Pool, retentionSeconds = HANDLED_RETENTION_SECONDS): Promise<number> {
  const result = await pool.query(PRUNE_HANDLED_EVENTS, [retentionSeconds]);
  return result.rowCount ?? 0;
}
