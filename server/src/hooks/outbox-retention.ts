import type { Pool } from "pg";
import { withAdvisoryLock } from "../database/advisory-lock";
import { PRUNE_OUTBOX } from "./hook-statements";

/** Broadcast events older than this are gone; no instance lags that far behind and keeps its position. */
export const OUTBOX_RETENTION_SECONDS = 3600;

/**
 * Deletes delivered-long-ago outbox rows. Every instance runs it on a timer;
 * the lock makes concurrent runs wait instead of deleting the same rows twice.
 */
export async function pruneOutbox(pool: Pool, retentionSeconds = OUTBOX_RETENTION_SECONDS): Promise<number> {
  return withAdvisoryLock(pool, "prune-hook-outbox", async (client) => {
    const result = await client.query(PRUNE_OUTBOX, [retentionSeconds]);
    return result.rowCount ?? 0;
  });
}
