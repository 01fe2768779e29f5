import type { Pool } from "pg";
import type { Logger } from "@checkstack/backend-api";
import { pruneHandledEvents } from "./handled-events";
import { pruneOutbox } from "./outbox-retention";

const PRUNE_INTERVAL_MS = 5 * 60_000;

/**
 * Prunes the outbox and the handled-marks on a timer on every instance (the
 * statements tolerate concurrent runs). A failed run is logged and retried at
 * the next tick. Returns the stop function.
 */
export function startHookPruning(pool: Pool, logger: Logger): () => void {
  const timer = setInterval(() => {
    pruneOutbox(pool).catch((error: unknown) => logger.warn("pruning the hook outbox failed", { error }));
    pruneHandledEvents(pool).catch((error: unknown) => logger.warn("pruning handled hook events failed", { error }));
  }, PRUNE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
