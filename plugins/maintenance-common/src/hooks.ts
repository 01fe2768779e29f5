import { createHook } from "@checkstack/backend-api";

/**
 * What every maintenance hook carries: ids to look the occurrence up again,
 * and what a notification needs. Plain JSON (dates as ISO strings), so
 * work-queue subscribers get it intact on every redelivery. Each hook is
 * emitted exactly once per occurrence, by the instance whose compare-and-set
 * UPDATE claimed the transition, in that UPDATE's transaction.
 */
export interface MaintenanceHookPayload {
  windowId: string;
  occurrenceId: string;
  title: string;
  systemIds: string[];
  startsAt: string;
  endsAt: string;
  ownerTeamId: string | null;
}

export const maintenanceHooks = {
  /** `upcomingLeadMinutes` before the start. */
  upcoming: createHook<MaintenanceHookPayload>("maintenance.upcoming"),
  started: createHook<MaintenanceHookPayload>("maintenance.started"),
  /** Completed at its end, or cancelled while in progress (`cancelled: true`). */
  ended: createHook<MaintenanceHookPayload & { cancelled: boolean }>("maintenance.ended"),
} as const;
