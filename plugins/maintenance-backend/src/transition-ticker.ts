import { and, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import { statusPageContentChanged, type EmitHook, type Logger } from "@checkstack/backend-api";
import { maintenanceHooks, MAINTENANCE_PLUGIN_ID } from "@checkstack/maintenance-common";
import type { MaintenanceDatabase } from "./database";
import { hookPayload } from "./payloads";
import { occurrences, windows } from "./schema";

type OccurrenceRow = typeof occurrences.$inferSelect;
type WindowRow = typeof windows.$inferSelect;
type Transition = "upcoming" | "started" | "ended";

/**
 * Moves occurrences through their lifecycle at the right moment, exactly once
 * across the cluster. Every instance runs a ticker; each tick issues three
 * compare-and-set UPDATEs whose WHERE holds only while the transition is
 * still to be made (status = 'scheduled' AND starts_at <= now(), …). Under
 * READ COMMITTED a second instance's UPDATE waits for the first one's row
 * lock, re-checks the WHERE on the committed row and skips it: only the
 * instance whose UPDATE RETURNs the row emits the hook, in the same
 * transaction, so the hook exists if and only if the transition committed.
 * The database row is the source of truth; the timer only decides how soon
 * someone looks. An instance dying mid-tick rolls back and the next tick
 * (anyone's) makes the transition.
 */
export class TransitionTicker {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly db: MaintenanceDatabase,
    private readonly emitHook: EmitHook,
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn("maintenance tick failed; the next tick retries", { error: error instanceof Error ? error.message : String(error) }))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, delayMs);
  }

  /** One pass: announce, start, end. Returns what this instance claimed (for tests and logs). */
  async tick(): Promise<Record<Transition, string[]>> {
    const upcoming = await this.claim("upcoming", (tx) =>
      tx
        .update(occurrences)
        .set({ upcomingAnnouncedAt: sql`now()` })
        .where(
          and(
            eq(occurrences.status, "scheduled"),
            isNull(occurrences.upcomingAnnouncedAt),
            lte(occurrences.announceAt, sql`now()`),
            // Past its start it is no longer upcoming: the started hook says it all.
            gt(occurrences.startsAt, sql`now()`),
          ),
        )
        .returning(),
    );
    const started = await this.claim("started", (tx) =>
      tx
        .update(occurrences)
        .set({ status: "in_progress", startedAt: sql`now()`, updatedAt: sql`now()` })
        .where(and(eq(occurrences.status, "scheduled"), lte(occurrences.startsAt, sql`now()`)))
        .returning(),
    );
    const ended = await this.claim("ended", (tx) =>
      tx
        .update(occurrences)
        .set({ status: "completed", endedAt: sql`now()`, updatedAt: sql`now()` })
        .where(and(eq(occurrences.status, "in_progress"), lte(occurrences.endsAt, sql`now()`)))
        .returning(),
    );
    return { upcoming, started, ended };
  }

  private async claim(transition: Transition, update: (tx: MaintenanceDatabase) => Promise<OccurrenceRow[]>): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      // The transaction object has the query builder of the database; the cast only widens its type.
      const claimed = await update(tx as unknown as MaintenanceDatabase);
      if (claimed.length === 0) return [];
      const owners = await tx.select().from(windows).where(inArray(windows.id, [...new Set(claimed.map((row) => row.windowId))]));
      const byId = new Map<string, WindowRow>(owners.map((row) => [row.id, row]));
      const systemIds = new Set<string>();
      for (const occurrence of claimed) {
        const window = byId.get(occurrence.windowId);
        if (!window) continue;
        const payload = hookPayload(occurrence, window);
        if (transition === "ended") await this.emitHook(maintenanceHooks.ended, { ...payload, cancelled: false });
        else await this.emitHook(maintenanceHooks[transition], payload);
        for (const systemId of window.systemIds) systemIds.add(systemId);
      }
      // Upcoming does not change what a page shows (scheduled maintenance is listed from materialisation on).
      if (transition !== "upcoming") await this.emitHook(statusPageContentChanged, { source: MAINTENANCE_PLUGIN_ID, systemIds: [...systemIds] });
      this.logger.info(`maintenance ${transition}`, { occurrenceIds: claimed.map((row) => row.id) });
      return claimed.map((row) => row.id);
    });
  }
}
