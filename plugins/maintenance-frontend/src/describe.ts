import { WEEKDAYS, type Occurrence, type Recurrence, type WindowDetail } from "./api";

/** "Once", "Every day", "Every Monday and Friday", "Monthly on day 15" / "on the last day", "Cron: …". */
export function describeRecurrence(recurrence: Recurrence): string {
  switch (recurrence.kind) {
    case "once":
      return "Once";
    case "daily":
      return "Every day";
    case "weekly": {
      const names = WEEKDAYS.filter((day) => recurrence.days.includes(day.value)).map((day) => day.label);
      return `Every ${names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "")}`;
    }
    case "monthly":
      return recurrence.dayOfMonth === "last" ? "Monthly on the last day" : `Monthly on day ${recurrence.dayOfMonth}`;
    case "cron":
      return `Cron: ${recurrence.expression}`;
  }
}

export type Phase = "in_progress" | "upcoming" | "completed" | "cancelled";

/** Where a window stands: one in progress, else one to come, else cancelled or done. */
export function phaseOf(window: WindowDetail): Phase {
  if (window.occurrences.some((occurrence) => occurrence.status === "in_progress")) return "in_progress";
  if (window.cancelledAt === null && window.occurrences.some((occurrence) => occurrence.status === "scheduled")) return "upcoming";
  if (window.cancelledAt !== null) return "cancelled";
  return "completed";
}

/** The occurrence that matters now: the one in progress, else the next scheduled, else the last. */
export function currentOccurrence(window: WindowDetail): Occurrence | undefined {
  const sorted = [...window.occurrences].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return (
    sorted.find((occurrence) => occurrence.status === "in_progress") ??
    sorted.find((occurrence) => occurrence.status === "scheduled") ??
    sorted.at(-1)
  );
}

export const formatRange = (occurrence: Occurrence) => `${occurrence.startsAt.toLocaleString()} – ${occurrence.endsAt.toLocaleString()}`;

export const PHASE_LABELS: Record<Phase, string> = { in_progress: "In progress", upcoming: "Upcoming", completed: "Completed", cancelled: "Cancelled" };
export const PHASE_COLOURS: Record<Phase, string> = { in_progress: "orange", upcoming: "blue", completed: "gray", cancelled: "red" };
