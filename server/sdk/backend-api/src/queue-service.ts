/**
 * Named job queues for plugins, backed by pg-boss in the shared database.
 * Queue names are per plugin: "emails" of plugin "notify" is stored as
 * "notify.emails", so plugins cannot collide or read each other's queues.
 */
export interface EnqueueOptions {
  /** Run no earlier than this many seconds from now. */
  delaySeconds?: number;
  /** Higher runs first (default 0). */
  priority?: number;
  /** At most one job per key within dedupeWindowSeconds; a duplicate enqueue returns null. */
  dedupeKey?: string;
  dedupeWindowSeconds?: number;
}

/** How this instance works a queue: concurrency, retries, timeouts. */
export interface ConsumeOptions {
  /** Jobs handled at once by this instance (default 5). */
  concurrency?: number;
  /** Attempts after the first before a job is dead-lettered (default 3). */
  maxRetries?: number;
  /** Seconds a handler may run before its job is retried elsewhere (default 60). */
  timeoutSeconds?: number;
}

/** Every N seconds, or a cron expression (optionally in a time zone). */
export type RecurringSchedule = { everySeconds: number } | { cron: string; timezone?: string };

/** Counts of a queue's jobs by state. */
export interface QueueStats {
  queued: number;
  active: number;
  /** Waiting for a delay or a retry backoff. */
  deferred: number;
  failed: number;
  /** Age of the oldest job ready to run, or null when none waits. */
  oldestWaitingSeconds: number | null;
}

/** A job handed to a consumer: its id and the data it was enqueued with. */
export interface QueueJob<T> {
  id: string;
  data: T;
}

/**
 * A plugin's job queues (coreServices.queue), on pg-boss in the same Postgres. Queue names are namespaced
 * by plugin id. A job enqueued inside a transaction (a request, a job) exists only if that transaction commits.
 */
export interface QueueService {
  /** Returns the job id, or null when dedupeKey suppressed it. */
  enqueue<T extends object>(queue: string, data: T, options?: EnqueueOptions): Promise<string | null>;
  /** Starts this instance's workers for the queue; the returned function stops them. */
  consume<T extends object>(
    queue: string,
    handler: (job: QueueJob<T>) => Promise<void>,
    options?: ConsumeOptions,
  ): Promise<() => Promise<void>>;
  /**
   * Enqueues `data` to `queue` on a schedule, once per tick across the whole
   * cluster. Idempotent: every instance may declare the same schedule at boot.
   */
  scheduleRecurring<T extends object>(name: string, queue: string, schedule: RecurringSchedule, data?: T): Promise<void>;
  cancelRecurring(name: string): Promise<void>;
  stats(queue: string): Promise<QueueStats>;
  /** Jobs that used up their retries, newest first. */
  deadLetters(queue: string, limit?: number): Promise<Array<QueueJob<unknown> & { failedAt: Date; error: string | null }>>;
}
