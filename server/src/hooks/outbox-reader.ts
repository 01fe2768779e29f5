import type { Pool } from "pg";
import type { Logger } from "@checkstack/backend-api";
import { NEWEST_OUTBOX_ID, READ_OUTBOX_BATCH } from "./hook-statements";

export interface OutboxEvent {
  id: number;
  /** Null for rows written before events had ids. */
  eventId: string | null;
  hookId: string;
  payload: unknown;
  /** Seconds from the emitting transaction's start to this read, on the database's clock. */
  ageSeconds: number;
}

const BATCH = 500;
/** How long an id below the newest one seen may stay missing before it counts as rolled back. */
const GAP_PATIENCE_MS = 60_000;
/** A jump larger than this is a sequence reset or mass rollback, not in-flight transactions. */
const MAX_TRACKED_GAP = 10_000;

/**
 * Reads broadcast events from the outbox, each exactly once per instance.
 *
 * Ids are handed out at insert but become visible at commit, so id 7 may be
 * read before id 6 commits. The reader remembers such gaps and looks for them
 * again on every pass until they show up or grow too old to be anything but a
 * rollback; memory is bounded by the gaps, not by the number of events.
 */
export class OutboxReader {
  private newestSeen = 0;
  private readonly gaps = new Map<number, number>();
  private reading: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly pool: Pool,
    private readonly deliver: (event: OutboxEvent) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Starts from the present: an instance does not replay events emitted before it started. */
  async start(): Promise<void> {
    const result = await this.pool.query<{ newest: string | null }>(NEWEST_OUTBOX_ID);
    this.newestSeen = Number(result.rows[0]?.newest ?? 0);
  }

  pendingGaps(): number {
    return this.gaps.size;
  }

  /** Reads until caught up; concurrent calls fold into one more pass. */
  catchUp(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.again = false;
          while (await this.readBatch()) {
            // keep reading full batches
          }
        } while (this.again);
      } catch (error) {
        this.logger.warn("reading the hook outbox failed; retrying on the next wake-up", { error });
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }

  /** One query; true when the batch was full and more may be waiting. */
  private async readBatch(): Promise<boolean> {
    this.expireGaps();
    const gapIds = [...this.gaps.keys()];
    const result = await this.pool.query<{ id: string; event_id: string | null; hook_id: string; payload: unknown; age_seconds: number }>(
      `${READ_OUTBOX_BATCH}${BATCH}`,
      [this.newestSeen, gapIds],
    );
    const now = Date.now();
    for (const row of result.rows) {
      const id = Number(row.id);
      if (this.gaps.delete(id) || id > this.newestSeen) {
        if (id - this.newestSeen <= MAX_TRACKED_GAP) {
          for (let missing = this.newestSeen + 1; missing < id; missing++) this.gaps.set(missing, now);
        }
        this.newestSeen = Math.max(this.newestSeen, id);
        await this.deliver({ id, eventId: row.event_id, hookId: row.hook_id, payload: row.payload, ageSeconds: Math.max(0, row.age_seconds) });
      }
    }
    return result.rows.length === BATCH;
  }

  private expireGaps(): void {
    const cutoff = Date.now() - GAP_PATIENCE_MS;
    for (const [id, since] of this.gaps) if (since < cutoff) this.gaps.delete(id);
  }
}
