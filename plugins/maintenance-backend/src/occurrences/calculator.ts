import { CronExpressionParser } from "cron-parser";
import { DateTime, IANAZone } from "luxon";
import { InputError } from "@checkstack/backend-api";
import type { Recurrence, Weekday } from "@checkstack/maintenance-common";
import { WEEKDAYS } from "@checkstack/maintenance-common";

/** When a window happens: wall-clock start and end of its first occurrence, in its timezone, and how it repeats. */
export interface WindowTiming {
  start: string;
  end: string;
  timezone: string;
  recurrence: Recurrence;
  /** No occurrence starts (wall clock) after this; null repeats forever. */
  until: string | null;
}

export interface OccurrenceTime {
  startsAt: Date;
  endsAt: Date;
}

/** A runaway loop (a year of minutely cron, say) is cut here; materialisation asks for 30 days at a time. */
const MAX_OCCURRENCES = 2000;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * A wall-clock time in `zone` as an instant. Daylight-saving rules, defined here once:
 * - a time the clock skips (02:30 on the spring-forward night in Europe/Berlin) is moved forward by
 *   the gap, to 03:30 of the new offset: the occurrence happens, an hour later by the clock;
 * - a time the clock passes twice (02:30 on the fall-back night) is its first passage (summer time):
 *   maintenance begins the first time the clock shows its start.
 * Luxon moves skipped times forward itself but picks the second passage of a repeated one; the
 * earlier passage is looked for explicitly (offset changes are at most two hours, in 15-minute steps).
 */
function resolveWallClock(fields: WallClock, zone: string): DateTime {
  const chosen = DateTime.fromObject(fields, { zone });
  let earliest = chosen;
  for (let step = 1; step <= 8; step += 1) {
    const candidate = chosen.minus({ minutes: 15 * step });
    const same = candidate.year === fields.year && candidate.month === fields.month && candidate.day === fields.day;
    if (same && candidate.hour === fields.hour && candidate.minute === fields.minute && candidate.second === fields.second) earliest = candidate;
  }
  return earliest;
}

function localToInstant(local: string, zone: string, field: string): DateTime {
  const parsed = DateTime.fromISO(local, { zone: "UTC" });
  if (!parsed.isValid) throw new InputError(`${local} is not a valid date and time`, { path: field });
  const { year, month, day, hour, minute, second } = parsed;
  return resolveWallClock({ year, month, day, hour, minute, second }, zone);
}

/** Refuses what cannot be scheduled, naming the field: unknown timezone, end not after start, a bad cron expression. */
export function validateTiming(timing: WindowTiming): void {
  if (!IANAZone.isValidZone(timing.timezone)) throw new InputError(`unknown timezone "${timing.timezone}" (use an IANA name such as Europe/Berlin)`, { path: "timezone" });
  const start = localToInstant(timing.start, timing.timezone, "start");
  const end = localToInstant(timing.end, timing.timezone, "end");
  if (end <= start) throw new InputError("must be after start", { path: "end" });
  if (timing.until !== null && localToInstant(timing.until, timing.timezone, "until") < start) throw new InputError("must not be before start", { path: "until" });
  if (timing.recurrence.kind === "cron") {
    try {
      CronExpressionParser.parse(timing.recurrence.expression, { tz: timing.timezone, strict: false });
    } catch (error) {
      throw new InputError(`not a valid cron expression (${error instanceof Error ? error.message : String(error)})`, { path: "recurrence.expression" });
    }
  }
}

/**
 * The occurrences starting in [from, to), oldest first. Every occurrence
 * lasts as long as the first one in elapsed time (so a 1-hour window is one
 * hour long on the night the clocks change too). Pure: no clock, no database.
 */
export function occurrencesBetween(timing: WindowTiming, from: Date, to: Date): OccurrenceTime[] {
  const zone = timing.timezone;
  const first = localToInstant(timing.start, zone, "start");
  const lengthMs = localToInstant(timing.end, zone, "end").toMillis() - first.toMillis();
  const until = timing.until === null ? null : localToInstant(timing.until, zone, "until");
  const lower = Math.max(from.getTime(), first.toMillis());
  const inRange = (start: DateTime) => start.toMillis() >= lower && start.toMillis() < to.getTime() && (until === null || start <= until);
  const toOccurrence = (start: DateTime): OccurrenceTime => ({ startsAt: start.toJSDate(), endsAt: new Date(start.toMillis() + lengthMs) });

  const recurrence = timing.recurrence;
  if (recurrence.kind === "once") return inRange(first) ? [toOccurrence(first)] : [];
  if (recurrence.kind === "cron") return cronStarts(recurrence.expression, zone, lower, to, until).map(toOccurrence);

  // Calendar kinds: walk local dates in the zone, from the later of the first date and a day before `from`.
  // The time of day as written, not as resolved: a first start in a DST gap must not shift every later one.
  const written = DateTime.fromISO(timing.start, { zone: "UTC" });
  const timeOfDay = { hour: written.hour, minute: written.minute, second: written.second };
  const firstDay = DateTime.fromObject({ year: written.year, month: written.month, day: written.day }, { zone });
  const fromDay = DateTime.fromJSDate(from, { zone }).startOf("day").minus({ days: 1 });
  let day = fromDay > firstDay ? fromDay : firstDay;
  const lastDay = DateTime.fromJSDate(to, { zone }).endOf("day");
  const found: OccurrenceTime[] = [];
  while (day <= lastDay && found.length < MAX_OCCURRENCES) {
    if (matchesDay(recurrence, day)) {
      // Built from the wall-clock fields, so DST is resolved for that date (see localToInstant).
      const start = resolveWallClock({ year: day.year, month: day.month, day: day.day, ...timeOfDay }, zone);
      if (inRange(start)) found.push(toOccurrence(start));
    }
    day = day.plus({ days: 1 });
  }
  return found;
}

function matchesDay(recurrence: Exclude<Recurrence, { kind: "once" | "cron" }>, day: DateTime): boolean {
  switch (recurrence.kind) {
    case "daily":
      return true;
    case "weekly":
      return recurrence.days.includes(WEEKDAYS[day.weekday - 1] as Weekday);
    case "monthly":
      // "last": the month's own last day (28, 29, 30 or 31); a fixed day past the month's end is skipped.
      return recurrence.dayOfMonth === "last" ? day.day === day.daysInMonth : day.day === recurrence.dayOfMonth;
  }
}

function cronStarts(expression: string, zone: string, lowerMs: number, to: Date, until: DateTime | null): DateTime[] {
  // currentDate is exclusive: start one millisecond before the lower bound so a start exactly on it counts.
  const iterator = CronExpressionParser.parse(expression, { tz: zone, currentDate: new Date(lowerMs - 1), endDate: to, strict: false });
  const starts: DateTime[] = [];
  while (iterator.hasNext() && starts.length < MAX_OCCURRENCES) {
    const next = DateTime.fromJSDate(iterator.next().toDate(), { zone });
    if (next.toMillis() >= to.getTime() || (until !== null && next > until)) break;
    starts.push(next);
  }
  return starts;
}
