import type PgBoss from "pg-boss";
import type { Pool } from "pg";
import { pluginIdSchema } from "@checkstack/common";
import {
  ConflictError,
  InputError,
  parseInput,
  servicePrincipal,
  type ConsumeOptions,
  type EnqueueOptions,
  type Logger,
  type QueueJob,
  type QueueService,
  type RecurringSchedule,
} from "@checkstack/backend-api";
import { runInDbScope } from "../database/db-scope";
import type { WakeChannel } from "../messaging/wake-channel";
import { JobConsumer } from "../messaging/job-consumer";
import { sendJob } from "./job-sender";
import { assertQueuePluginId, pluginQueueName } from "./plugin-queue-name";
import { deadLetterQueueName } from "../messaging/queue-names";
import { deadLetters, queueStats } from "./queue-inspection";
import {
  consumeOptionsSchema,
  deadLetterLimitSchema,
  DEFAULT_DEDUPE_WINDOW_SECONDS,
  enqueueOptionsSchema,
  jobDataSchema,
  recurringNameSchema,
  recurringScheduleSchema,
} from "./queue-options";
import { DEFAULT_RETRY_TIMING, ensureQueue, type RetryTiming } from "./queue-setup";
import { cancelRecurring, declareCron, declareInterval } from "./recurring-jobs";

/** Fallback poll when no wake-up arrives: retries and delays longer than DELAY_WAKE_MAX_SECONDS become due without one. */
const DEFAULT_POLL_INTERVAL_MS = 1_000;
/** Delayed jobs up to this long also get a wake-up when due, from the instance that enqueued them. */
const DELAY_WAKE_MAX_SECONDS = 300;
/** Rings a little after start_after: pg-boss fetches jobs whose start_after is strictly before now(). */
const DELAY_WAKE_SLACK_MS = 20;

export interface QueueServiceDeps {
  pluginId: string;
  boss: PgBoss;
  pool: Pool;
  wake: WakeChannel;
  logger: Logger;
  /** Spacing of retries (default: exponential from about 2 s, capped at 5 min). */
  retryTiming?: RetryTiming;
  /** The consumers' fallback poll (default 1 s). */
  pollIntervalMs?: number;
}

/** The plugin's QueueService plus what the platform needs to unload the plugin. */
export interface PluginQueueService extends QueueService {
  /** Stops every consumer this service started and waits for their jobs in hand. The service stays usable. */
  stopAll(): Promise<void>;
  /** Per-queue counters of this instance's consumers (namespaced queue names). */
  diagnostics(): Array<{ queue: string; handled: number; failed: number }>;
}

/**
 * One plugin's job queues over pg-boss. Names are validated (pg-boss writes
 * them into SQL) and namespaced "<pluginId>.<name>". Every enqueue rings the
 * jobs channel after its transaction commits, so consumers on every instance
 * fetch at once instead of waiting for a poll.
 */
export function createQueueService(deps: QueueServiceDeps): PluginQueueService {
  const pluginId = pluginIdSchema.parse(deps.pluginId);
  assertQueuePluginId(pluginId);
  const { boss, pool, wake } = deps;
  const logger = deps.logger.child({ pluginId, component: "queue" });
  const timing = deps.retryTiming ?? DEFAULT_RETRY_TIMING;
  const consumers = new Map<string, JobConsumer>();
  const created = new Map<string, Promise<void>>();
  const delayWakes = new Set<ReturnType<typeof setTimeout>>();
  let unlisten: (() => void) | undefined;

  const queueName = (name: unknown) => pluginQueueName(pluginId, name);

  /** Creates a queue once per service; consumers apply their own policy on top. */
  const ensureCreated = (queue: string): Promise<void> => {
    let pending = created.get(queue);
    if (!pending) {
      pending = ensureQueue(boss, queue).catch((error: unknown) => {
        created.delete(queue);
        throw error;
      });
      created.set(queue, pending);
    }
    return pending;
  };

  /** Listens only while this service has consumers, so an unloaded plugin leaves no listener behind. */
  const listen = (): void => {
    if (unlisten) return;
    // Tokens are queue names, or "outbox", which never names a plugin queue (those always contain a dot).
    const offWake = wake.onWake((queue) => consumers.get(queue)?.wake());
    // Notifications sent while LISTEN was reconnecting are lost: look again on every reconnect.
    const offConnected = wake.onConnected(() => {
      for (const consumer of consumers.values()) consumer.wake();
    });
    unlisten = () => {
      offWake();
      offConnected();
    };
  };
  const unlistenIfIdle = (): void => {
    if (consumers.size > 0 || !unlisten) return;
    unlisten();
    unlisten = undefined;
  };

  const ring = (queue: string, delaySeconds: number): void => {
    wake.ring([queue]);
    if (delaySeconds <= 0 || delaySeconds > DELAY_WAKE_MAX_SECONDS) return;
    const timer = setTimeout(() => {
      delayWakes.delete(timer);
      wake.ring([queue]);
    }, delaySeconds * 1000 + DELAY_WAKE_SLACK_MS);
    timer.unref?.();
    delayWakes.add(timer);
  };

  const stopConsumer = async (queue: string, consumer: JobConsumer): Promise<void> => {
    if (consumers.get(queue) === consumer) consumers.delete(queue);
    unlistenIfIdle();
    await consumer.stop();
  };

  return {
    async enqueue<T extends object>(queue: string, data: T, options: EnqueueOptions = {}): Promise<string | null> {
      const name = queueName(queue);
      parseInput(jobDataSchema, data, "job data");
      const parsed = parseInput(enqueueOptionsSchema, options, "enqueue options");
      await ensureCreated(name);
      const delaySeconds = parsed.delaySeconds ?? 0;
      const sendOptions: PgBoss.SendOptions = {
        ...(delaySeconds > 0 ? { startAfter: delaySeconds } : {}),
        ...(parsed.priority !== undefined ? { priority: parsed.priority } : {}),
        // pg-boss deduplicates per fixed window of singletonSeconds (aligned to the epoch), not a sliding one.
        ...(parsed.dedupeKey !== undefined
          ? { singletonKey: parsed.dedupeKey, singletonSeconds: parsed.dedupeWindowSeconds ?? DEFAULT_DEDUPE_WINDOW_SECONDS }
          : {}),
      };
      return sendJob(boss, name, data, sendOptions, () => ring(name, delaySeconds));
    },

    async consume<T extends object>(
      queue: string,
      handler: (job: QueueJob<T>) => Promise<void>,
      options: ConsumeOptions = {},
    ): Promise<() => Promise<void>> {
      const name = queueName(queue);
      const parsed = parseInput(consumeOptionsSchema, options, "consume options");
      if (typeof handler !== "function") throw new InputError("consume needs a handler function", { path: "handler" });
      if (consumers.has(name)) {
        throw new ConflictError(`plugin "${pluginId}" already consumes queue "${queue}" on this instance; raise concurrency instead`);
      }
      const consumer = new JobConsumer(
        boss,
        {
          queue: name,
          batchSize: parsed.concurrency,
          pollIntervalMs: deps.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
          // Each job is its own unit of work: one transaction, as the plugin's service principal.
          handler: (job) =>
            runInDbScope(pool, { principal: servicePrincipal(pluginId) }, () => handler({ id: job.id, data: job.data as T })),
        },
        logger.child({ queue: name }),
      );
      // Registered before the first await, so a concurrent consume of the same queue is refused.
      consumers.set(name, consumer);
      try {
        await ensureQueue(boss, name, { maxRetries: parsed.maxRetries, timeoutSeconds: parsed.timeoutSeconds }, timing, true);
      } catch (error) {
        await stopConsumer(name, consumer);
        throw error;
      }
      created.set(name, Promise.resolve());
      const stop = () => stopConsumer(name, consumer);
      // stopAll() may have run while the queue was being set up.
      if (consumers.get(name) !== consumer) return stop;
      listen();
      consumer.start();
      return stop;
    },

    async scheduleRecurring<T extends object>(name: string, queue: string, schedule: RecurringSchedule, data?: T): Promise<void> {
      const recurringName = parseInput(recurringNameSchema, name, "recurring job name");
      const target = queueName(queue);
      const parsed = parseInput(recurringScheduleSchema, schedule, "recurring schedule");
      const payload = data === undefined ? {} : parseInput(jobDataSchema, data, "job data");
      await ensureCreated(target);
      const ref = { pluginId, name: recurringName, queue: target, data: payload };
      if ("everySeconds" in parsed) {
        await declareInterval(pool, boss, { ...ref, everySeconds: parsed.everySeconds });
        return;
      }
      try {
        await declareCron(pool, boss, { ...ref, cron: parsed.cron, timezone: parsed.timezone ?? "UTC" });
      } catch (error) {
        // pg-boss parses the expression with cron-parser, whose errors are plain Errors; database errors carry a code.
        if (error instanceof Error && !("code" in error)) {
          throw new InputError(`invalid cron expression "${parsed.cron}": ${error.message}`, { path: "cron" });
        }
        throw error;
      }
    },

    async cancelRecurring(name: string): Promise<void> {
      const recurringName = parseInput(recurringNameSchema, name, "recurring job name");
      await cancelRecurring(pool, boss, { pluginId, name: recurringName });
    },

    async stats(queue: string) {
      return queueStats(boss, pool, queueName(queue));
    },

    async deadLetters(queue: string, limit?: number) {
      const parsedLimit = parseInput(deadLetterLimitSchema, limit, "dead-letter limit");
      return deadLetters(boss, pool, deadLetterQueueName(queueName(queue)), parsedLimit);
    },

    async stopAll(): Promise<void> {
      for (const timer of delayWakes) clearTimeout(timer);
      delayWakes.clear();
      const stopping = [...consumers.entries()];
      consumers.clear();
      unlistenIfIdle();
      await Promise.all(stopping.map(([, consumer]) => consumer.stop()));
    },

    diagnostics() {
      return [...consumers.entries()].map(([queue, consumer]) => ({ queue, ...consumer.stats() }));
    },
  };
}
