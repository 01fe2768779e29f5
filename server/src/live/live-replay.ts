import type { Pool } from "pg";
import type { LivePublications } from "./live-publications";
import type { LiveItem } from "./live-subscriber";
import { MISSED_OUTBOX_ROWS, OLDEST_OUTBOX_ID } from "./live-statements";

/** More missed rows than this and the browser is better off reloading what it shows. */
export const MAX_REPLAY_ROWS = 1_000;

/**
 * The rows a browser resuming after `afterId` missed, read from the broadcast
 * outbox. `resync` says it may have missed more than can be replayed (rows
 * pruned since, or too many): the browser should reload its data (the
 * live.resync event).
 */
export async function loadMissed(pool: Pool, publications: LivePublications, afterId: number): Promise<{ items: LiveItem[]; resync?: string }> {
  const oldest = await pool.query<{ oldest: string | null }>(OLDEST_OUTBOX_ID);
  const oldestId = Number(oldest.rows[0]?.oldest ?? 0);
  const rows = await pool.query<{ id: string; hook_id: string; payload: unknown }>(MISSED_OUTBOX_ROWS, [afterId, publications.hookIds(), MAX_REPLAY_ROWS]);
  const items = rows.rows
    .map((row) => ({ outboxId: Number(row.id), events: publications.eventsOf(row.hook_id, row.payload) }))
    .filter((item) => item.events.length > 0);
  // Ids are not dense (rolled-back emits leave holes), so a hole before the oldest row may be nothing; asking
  // the browser to reload costs one refresh, missing an event costs a wrong screen.
  if (oldestId > afterId + 1) return { items, resync: "events since the last one received are no longer kept" };
  if (rows.rows.length === MAX_REPLAY_ROWS) return { items, resync: `more than ${MAX_REPLAY_ROWS} events were missed` };
  return { items };
}
