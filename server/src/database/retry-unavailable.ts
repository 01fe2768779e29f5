import { isDatabaseUnavailable } from "./database-unavailable";

export interface RetryUnavailableOptions {
  /** Give up (rethrow) once this much time has passed since the first attempt. */
  deadlineMs: number;
  /** Checked before each retry: a stopping instance does not keep retrying. */
  stopped?: () => boolean;
}

const MAX_BACKOFF_MS = 2_000;

/**
 * Runs `work` again while it fails only because the database could not be
 * reached (its transaction rolled back with the connection), with capped
 * backoff; any other failure, or one past the deadline, is rethrown.
 */
export async function retryWhileUnavailable<T>(work: () => Promise<T>, options: RetryUnavailableOptions): Promise<T> {
  const began = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || options.stopped?.() || Date.now() - began > options.deadlineMs) throw error;
      const backoff = Math.min(MAX_BACKOFF_MS, 50 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * (backoff / 2)));
    }
  }
}
