import type { Logger, QueueService } from "@checkstack/backend-api";
import type { LoginRateLimiter } from "./rate-limiter";
import type { SessionService } from "./session-service";

const QUEUE = "maintenance";
const SCHEDULE = "prune-expired";

/**
 * Expired sessions and ended rate-limit windows are ignored when read, so
 * removing them is housekeeping: once an hour, on one instance of the cluster.
 * Returns the function that stops this instance's worker.
 */
export async function scheduleMaintenance(deps: {
  queue: QueueService;
  sessions: SessionService;
  limiter: LoginRateLimiter;
  logger: Logger;
}): Promise<() => Promise<void>> {
  const stop = await deps.queue.consume(
    QUEUE,
    async () => {
      const sessions = await deps.sessions.pruneExpired();
      const windows = await deps.limiter.prune();
      if (sessions + windows > 0) deps.logger.debug("pruned expired sign-in state", { sessions, windows });
    },
    { concurrency: 1, maxRetries: 1 },
  );
  await deps.queue.scheduleRecurring(SCHEDULE, QUEUE, { everySeconds: 3600 });
  return stop;
}
