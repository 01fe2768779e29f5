import type PgBoss from "pg-boss";
import { deadLetterQueueName } from "../messaging/queue-names";
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_SECONDS } from "./queue-options";

/** Dead letters are kept two weeks for inspection. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;
/** Finished jobs are kept an hour (for stats and debugging), then pruned by pg-boss maintenance. */
const KEEP_FINISHED_SECONDS = 3600;

/** How failed attempts are spaced. Exposed so tests need not wait out real backoff. */
export interface RetryTiming {
  delaySeconds: number;
  backoff: boolean;
  maxDelaySeconds: number;
}

/** Exponential from about 2 s, capped at 5 minutes. */
export const DEFAULT_RETRY_TIMING: RetryTiming = { delaySeconds: 1, backoff: true, maxDelaySeconds: 300 };

export interface QueuePolicy {
  maxRetries: number;
  timeoutSeconds: number;
}

function bossPolicy(deadLetter: string, policy: QueuePolicy, timing: RetryTiming): Omit<PgBoss.Queue, "name"> {
  return {
    retryLimit: policy.maxRetries,
    retryDelay: timing.delaySeconds,
    retryBackoff: timing.backoff,
    // pg-boss accepts a maximum only together with backoff.
    ...(timing.backoff ? { retryDelayMax: timing.maxDelaySeconds } : {}),
    expireInSeconds: policy.timeoutSeconds,
    deleteAfterSeconds: KEEP_FINISHED_SECONDS,
    deadLetter,
  };
}

/**
 * Creates the queue and its dead-letter queue (both idempotent: pg-boss
 * inserts ON CONFLICT DO NOTHING under its advisory lock, so instances may
 * race). Without `apply` an existing queue keeps its settings, which is what
 * an enqueue wants; a consumer passes apply=true because createQueue never
 * changes an existing queue, and a changed maxRetries must still take effect.
 */
export async function ensureQueue(
  boss: PgBoss,
  queue: string,
  policy: QueuePolicy = { maxRetries: DEFAULT_MAX_RETRIES, timeoutSeconds: DEFAULT_TIMEOUT_SECONDS },
  timing: RetryTiming = DEFAULT_RETRY_TIMING,
  apply = false,
): Promise<void> {
  const deadLetter = deadLetterQueueName(queue);
  await boss.createQueue(deadLetter, { retentionSeconds: DEAD_LETTER_RETENTION_SECONDS, deleteAfterSeconds: DEAD_LETTER_RETENTION_SECONDS });
  // Fresh objects each time: createQueue adds `policy` to the object it is given, and updateQueue refuses one.
  await boss.createQueue(queue, bossPolicy(deadLetter, policy, timing));
  if (apply) await boss.updateQueue(queue, bossPolicy(deadLetter, policy, timing));
}
