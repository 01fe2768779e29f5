import { and, arrayOverlaps, asc, desc, eq, gt, inArray, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import type { CreateWindow, ListWindowsInput, UpdateWindow, MaintenanceWindow, Occurrence, PublicMaintenanceView, WindowDetail } from "@checkstack/maintenance-common";
import { ConflictError } from "@checkstack/backend-api";
import { occurrencesBetween, validateTiming, type WindowTiming } from "./occurrences/calculator";
import type { MaintenanceDatabase } from "./database";
import { occurrences, windows } from "./schema";
import { decodeWindowCursor, encodeWindowCursor } from "./window-cursor";

type WindowRow = typeof windows.$inferSelect;
type OccurrenceRow = typeof occurrences.$inferSelect;

/** How far ahead occurrences exist as rows; the top-up job keeps it so. */
export const MATERIALISE_AHEAD_MS = 30 * 24 * 60 * 60 * 1000;

const timingOf = (row: WindowRow): WindowTiming => ({
  start: row.startLocal,
  end: row.endLocal,
  timezone: row.timezone,
  recurrence: row.recurrence,
  until: row.untilLocal,
});

/** Occurrences an in-progress cancellation ended, with their window, for maintenance.ended. */
export interface EndedByCancel {
  occurrence: OccurrenceRow;
  window: WindowRow;
}

/**
 * Windows and their occurrences. Statements run in the caller's transaction
 * as the caller (row-level security decides what exists for them; the audit
 * trigger records who wrote each row), or as the plugin's service principal
 * in jobs.
 */
export class WindowService {
  constructor(private readonly db: MaintenanceDatabase) {}

  async list(page: ListWindowsInput): Promise<{ items: MaintenanceWindow[]; nextCursor: string | null }> {
    const after = page.cursor === undefined ? undefined : decodeWindowCursor(page.cursor);
    const rows = await this.db
      .select()
      .from(windows)
      .where(after ? or(lt(windows.createdAt, after.createdAt), and(eq(windows.createdAt, after.createdAt), lt(windows.id, after.id))) : undefined)
      .orderBy(desc(windows.createdAt), desc(windows.id))
      .limit(page.limit + 1);
    const more = rows.length > page.limit;
    const shown = more ? rows.slice(0, page.limit) : rows;
    const last = shown.at(-1);
    return { items: shown.map(toWindow), nextCursor: more && last ? encodeWindowCursor({ createdAt: last.createdAt, id: last.id }) : null };
  }

  async get(windowId: string): Promise<WindowDetail | undefined> {
    const [row] = await this.db.select().from(windows).where(eq(windows.id, windowId));
    return row ? this.detail(row) : undefined;
  }

  /** Validates the timing (400 naming the field), writes the window and its occurrences of the next 30 days. */
  async create(input: Omit<CreateWindow, "teamOnly">, author: string, now: Date): Promise<WindowDetail> {
    const timing: WindowTiming = { start: input.start, end: input.end, timezone: input.timezone, recurrence: input.recurrence, until: input.until ?? null };
    validateTiming(timing);
    const [row] = await this.db
      .insert(windows)
      .values({
        title: input.title,
        description: input.description,
        systemIds: input.systemIds,
        startLocal: input.start,
        endLocal: input.end,
        timezone: input.timezone,
        recurrence: input.recurrence,
        untilLocal: input.until ?? null,
        upcomingLeadMinutes: input.upcomingLeadMinutes,
        ownerTeamId: input.ownerTeamId ?? null,
        createdBy: author,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    // From `now` minus one occurrence's length, so one already running (a window entered late) exists too.
    const first = occurrencesBetween(timing, new Date(0), new Date(8.64e15)).at(0);
    const lengthMs = first ? first.endsAt.getTime() - first.startsAt.getTime() : 0;
    await this.materialise(row, new Date(now.getTime() - lengthMs), new Date(now.getTime() + MATERIALISE_AHEAD_MS));
    return this.detail(row);
  }

  /**
   * Changes what the window says and covers. A new lead time moves the announcement of occurrences not
   * yet announced. Returns the systems before and after (both need their pages refreshed), or undefined
   * when the caller cannot see the window.
   */
  async update(input: UpdateWindow): Promise<{ before: readonly string[]; after: readonly string[] } | undefined> {
    const { windowId, ...changes } = input;
    const [current] = await this.db.select().from(windows).where(eq(windows.id, windowId)).for("update");
    if (!current) return undefined;
    if (current.cancelledAt) throw new ConflictError(`Maintenance window ${windowId} is cancelled`);
    const fields = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const [row] = await this.db.update(windows).set({ ...fields, updatedAt: sql`now()` }).where(eq(windows.id, windowId)).returning();
    if (!row) return undefined;
    if (changes.upcomingLeadMinutes !== undefined) {
      await this.db
        .update(occurrences)
        .set({ announceAt: sql`${occurrences.startsAt} - make_interval(mins => ${changes.upcomingLeadMinutes})` })
        .where(and(eq(occurrences.windowId, windowId), eq(occurrences.status, "scheduled"), isNull(occurrences.upcomingAnnouncedAt)));
    }
    return { before: current.systemIds, after: row.systemIds };
  }

  /**
   * Writes the occurrences of every live window up to 30 days ahead of `now`;
   * idempotent (the unique (window, start) index), so a retried or doubled
   * job changes nothing. Returns how many rows it added.
   */
  async topUp(now: Date): Promise<number> {
    const horizon = new Date(now.getTime() + MATERIALISE_AHEAD_MS);
    const due = await this.db
      .select()
      .from(windows)
      .where(and(isNull(windows.cancelledAt), or(isNull(windows.materialisedUntil), lt(windows.materialisedUntil, horizon))));
    let added = 0;
    for (const row of due) added += await this.materialise(row, row.materialisedUntil ?? now, horizon);
    return added;
  }

  private async materialise(row: WindowRow, from: Date, to: Date): Promise<number> {
    const times = occurrencesBetween(timingOf(row), from, to);
    let added = 0;
    if (times.length > 0) {
      const inserted = await this.db
        .insert(occurrences)
        .values(
          times.map((time) => ({
            windowId: row.id,
            startsAt: time.startsAt,
            endsAt: time.endsAt,
            announceAt: new Date(time.startsAt.getTime() - row.upcomingLeadMinutes * 60_000),
          })),
        )
        .onConflictDoNothing()
        .returning({ id: occurrences.id });
      added = inserted.length;
    }
    await this.db.update(windows).set({ materialisedUntil: to }).where(eq(windows.id, row.id));
    return added;
  }

  /**
   * Cancels the window: no more occurrences; scheduled ones become cancelled
   * and one in progress ends now. Compare-and-set like the ticker, so an
   * occurrence the ticker is starting at this moment is either started then
   * ended here, or cancelled before it starts, never both.
   */
  async cancelWindow(windowId: string, author: string): Promise<{ window: WindowRow; ended: EndedByCancel[] } | undefined> {
    const [window] = await this.db
      .update(windows)
      .set({ cancelledAt: sql`now()`, cancelledBy: author, updatedAt: sql`now()` })
      .where(and(eq(windows.id, windowId), isNull(windows.cancelledAt)))
      .returning();
    if (!window) return undefined;
    const ended = await this.cancelOccurrences(and(eq(occurrences.windowId, windowId)), author);
    return { window, ended: ended.map((occurrence) => ({ occurrence, window })) };
  }

  /** Cancels one occurrence if it is scheduled or in progress; undefined when it is not there or already over. */
  async cancelOccurrence(windowId: string, occurrenceId: string, author: string): Promise<{ window: WindowRow; ended: EndedByCancel[]; changed: boolean } | undefined> {
    const [window] = await this.db.select().from(windows).where(eq(windows.id, windowId));
    if (!window) return undefined;
    const before = await this.db.select({ id: occurrences.id }).from(occurrences).where(and(eq(occurrences.id, occurrenceId), eq(occurrences.windowId, windowId)));
    if (before.length === 0) return undefined;
    const counted: OccurrenceRow[] = [];
    const ended = await this.cancelOccurrences(and(eq(occurrences.id, occurrenceId), eq(occurrences.windowId, windowId)), author, counted);
    return { window, ended: ended.map((occurrence) => ({ occurrence, window })), changed: counted.length > 0 };
  }

  /** Returns the in-progress occurrences it ended (they need maintenance.ended); `changed` collects every row cancelled. */
  private async cancelOccurrences(where: ReturnType<typeof and>, author: string, changed: OccurrenceRow[] = []): Promise<OccurrenceRow[]> {
    const scheduled = await this.db
      .update(occurrences)
      .set({ status: "cancelled", cancelledBy: author, updatedAt: sql`now()` })
      .where(and(where, eq(occurrences.status, "scheduled")))
      .returning();
    const running = await this.db
      .update(occurrences)
      .set({ status: "cancelled", cancelledBy: author, endedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(where, eq(occurrences.status, "in_progress")))
      .returning();
    changed.push(...scheduled, ...running);
    return running;
  }

  /** Occurrences touching the systems that end after `from` and start before `to`, public fields only. */
  async publicMaintenances(systemIds: readonly string[], from: Date, to: Date): Promise<PublicMaintenanceView[]> {
    if (systemIds.length === 0) return [];
    const rows = await this.db
      .select({ occurrence: occurrences, window: windows })
      .from(occurrences)
      .innerJoin(windows, eq(windows.id, occurrences.windowId))
      .where(and(arrayOverlaps(windows.systemIds, [...systemIds]), gt(occurrences.endsAt, from), lt(occurrences.startsAt, to)))
      .orderBy(asc(occurrences.startsAt));
    return rows.map(({ occurrence, window }) => ({
      id: occurrence.id,
      title: window.title,
      description: window.description,
      status: occurrence.status,
      systemIds: [...window.systemIds],
      scheduledFor: occurrence.startsAt,
      scheduledUntil: occurrence.endsAt,
      updatedAt: occurrence.updatedAt,
      updates: publicTimeline(occurrence, window),
    }));
  }

  /** Systems under maintenance at `at`: in an occurrence that began at or before it and ends after it, not cancelled. */
  async activeFor(systemIds: readonly string[], at: Date): Promise<Map<string, string>> {
    const active = new Map<string, string>();
    if (systemIds.length === 0) return active;
    const wanted = [...new Set(systemIds)];
    const rows = await this.db
      .select({ occurrenceId: occurrences.id, systemIds: windows.systemIds })
      .from(occurrences)
      .innerJoin(windows, eq(windows.id, occurrences.windowId))
      .where(and(arrayOverlaps(windows.systemIds, wanted), lte(occurrences.startsAt, at), gt(occurrences.endsAt, at), ne(occurrences.status, "cancelled")))
      .orderBy(asc(occurrences.startsAt));
    const asked = new Set(wanted);
    for (const row of rows) for (const systemId of row.systemIds) if (asked.has(systemId) && !active.has(systemId)) active.set(systemId, row.occurrenceId);
    return active;
  }

  /** The window a system is in at `at` (the earliest-started if several), for alerting's maintenance provider. */
  async windowAt(systemId: string, at: Date): Promise<{ title: string; endsAt: string; occurrenceId: string } | null> {
    const [row] = await this.db
      .select({ title: windows.title, endsAt: occurrences.endsAt, occurrenceId: occurrences.id })
      .from(occurrences)
      .innerJoin(windows, eq(windows.id, occurrences.windowId))
      .where(and(arrayOverlaps(windows.systemIds, [systemId]), lte(occurrences.startsAt, at), gt(occurrences.endsAt, at), ne(occurrences.status, "cancelled")))
      .orderBy(asc(occurrences.startsAt))
      .limit(1);
    return row ? { title: row.title, endsAt: row.endsAt.toISOString(), occurrenceId: row.occurrenceId } : null;
  }

  private async detail(row: WindowRow): Promise<WindowDetail> {
    const [fresh] = await this.db.select().from(windows).where(eq(windows.id, row.id));
    const list = await this.db.select().from(occurrences).where(eq(occurrences.windowId, row.id)).orderBy(asc(occurrences.startsAt)).limit(500);
    return { ...toWindow(fresh ?? row), occurrences: list.map(toOccurrence) };
  }
}

export async function occurrencesByIds(db: MaintenanceDatabase, ids: string[]): Promise<OccurrenceRow[]> {
  return ids.length === 0 ? [] : db.select().from(occurrences).where(inArray(occurrences.id, ids));
}

function toWindow(row: WindowRow): MaintenanceWindow {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    systemIds: [...row.systemIds],
    start: row.startLocal,
    end: row.endLocal,
    timezone: row.timezone,
    recurrence: row.recurrence,
    until: row.untilLocal,
    upcomingLeadMinutes: row.upcomingLeadMinutes,
    ownerTeamId: row.ownerTeamId,
    cancelledAt: row.cancelledAt,
    cancelledBy: row.cancelledBy,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toOccurrence(row: OccurrenceRow): Occurrence {
  return {
    id: row.id,
    windowId: row.windowId,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    status: row.status,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    cancelledBy: row.cancelledBy,
  };
}

/** A maintenance has no written timeline: its transitions are the public updates, newest first. */
function publicTimeline(occurrence: OccurrenceRow, window: WindowRow): PublicMaintenanceView["updates"] {
  const entries: PublicMaintenanceView["updates"][number][] = [
    { id: `${occurrence.id}:scheduled`, status: "scheduled", body: "Maintenance scheduled.", createdAt: window.createdAt },
  ];
  if (occurrence.startedAt) entries.push({ id: `${occurrence.id}:in_progress`, status: "in_progress", body: "Maintenance in progress.", createdAt: occurrence.startedAt });
  if (occurrence.status === "completed" && occurrence.endedAt)
    entries.push({ id: `${occurrence.id}:completed`, status: "completed", body: "Maintenance completed.", createdAt: occurrence.endedAt });
  if (occurrence.status === "cancelled")
    entries.push({ id: `${occurrence.id}:cancelled`, status: "cancelled", body: "Maintenance cancelled.", createdAt: occurrence.endedAt ?? occurrence.updatedAt });
  return entries.toReversed();
}
