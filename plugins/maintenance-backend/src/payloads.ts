import type { MaintenanceHookPayload } from "@checkstack/maintenance-common";
import type { occurrences, windows } from "./schema";

type OccurrenceRow = typeof occurrences.$inferSelect;
type WindowRow = typeof windows.$inferSelect;

/** The hook payload of one occurrence of a window (JSON only: dates as ISO strings). */
export function hookPayload(occurrence: OccurrenceRow, window: WindowRow): MaintenanceHookPayload {
  return {
    windowId: window.id,
    occurrenceId: occurrence.id,
    title: window.title,
    systemIds: [...window.systemIds],
    startsAt: occurrence.startsAt.toISOString(),
    endsAt: occurrence.endsAt.toISOString(),
    ownerTeamId: window.ownerTeamId,
  };
}
