import type PgBoss from "pg-boss";
import type { Hook, HookDelivery, HookHandler, HookSubscribeOptions, Logger } from "@checkstack/backend-api";
import { JobConsumer } from "../messaging/job-consumer";
import { workQueueDelivery } from "./handled-events";
import { ensureWorkQueue, workQueueName } from "./work-queue-groups";

const JOB_BATCH = 50;

interface WorkGroup {
  pluginId: string;
  hookId: string;
  consumer: JobConsumer;
  handler: HookHandler<unknown>;
}

/** The job a work-queue emit enqueues: one per subscribed group. */
export interface HookJobData {
  hookId: string;
  /** Absent on jobs queued before events had ids: the job id stands in (stable across retries). */
  eventId?: string;
  payload: unknown;
}

type Deliver<P> = (payload: P, delivery: HookDelivery) => Promise<void>;

/**
 * The work-queue side of the hook bus on one instance: one pg-boss queue and
 * one consumer per (hook, plugin, worker group); one instance takes each job.
 */
export class HookWorkQueues {
  private readonly groups = new Map<string, WorkGroup>();

  constructor(
    private readonly boss: PgBoss,
    private readonly logger: Logger,
  ) {}

  /**
   * Starts consuming `hook` for the plugin's group; `record` stores the subscription once the queue exists,
   * and the consumer starts after it unless it was unsubscribed meanwhile. Returns the registration (to
   * track) and the unsubscribe function.
   */
  add<P>(
    pluginId: string,
    hook: Hook<P>,
    run: Deliver<P>,
    options: HookSubscribeOptions,
    record: (queue: string) => Promise<void>,
  ): { registration: Promise<void>; remove: () => Promise<void> } {
    const queue = workQueueName(hook.id, pluginId, options.workerGroup);
    if (this.groups.has(queue)) {
      throw new Error(`plugin "${pluginId}" already subscribed worker group "${options.workerGroup ?? "default"}" to ${hook.id}`);
    }
    const consumer = new JobConsumer(
      this.boss,
      {
        queue,
        batchSize: JOB_BATCH,
        pollIntervalMs: 1_000,
        handler: (job) => {
          const data = job.data as HookJobData;
          return run(data.payload as P, workQueueDelivery(data.eventId ?? job.id, queue));
        },
      },
      this.logger.child({ pluginId, queue }),
    );
    this.groups.set(queue, { pluginId, hookId: hook.id, consumer, handler: run as HookHandler<unknown> });
    const registration = (async () => {
      await ensureWorkQueue(this.boss, queue, options);
      await record(queue);
      if (this.groups.get(queue)?.consumer === consumer) consumer.start();
    })();
    const remove = async () => {
      if (this.groups.get(queue)?.consumer !== consumer) return;
      this.groups.delete(queue);
      await consumer.stop();
    };
    return { registration, remove };
  }

  /** A wake-up naming one of this instance's queues: its consumer looks for jobs now. */
  wake(queue: string): void {
    this.groups.get(queue)?.consumer.wake();
  }

  wakeAll(): void {
    for (const group of this.groups.values()) group.consumer.wake();
  }

  /** Runs this instance's work-queue handlers of `hook` directly (emitLocal: no queue, no retries). */
  dispatchLocally<P>(hook: Hook<P>, payload: P, eventId: string): Promise<void>[] {
    const groups = [...this.groups.entries()].filter(([, group]) => group.hookId === hook.id);
    return groups.map(([queue, group]) =>
      Promise.resolve(group.handler(payload, workQueueDelivery(eventId, queue))).catch((error: unknown) =>
        this.logger.error("hook handler failed", { hook: hook.id, error }),
      ),
    );
  }

  async removePlugin(pluginId: string): Promise<void> {
    const mine = [...this.groups.entries()].filter(([, group]) => group.pluginId === pluginId);
    for (const [queue] of mine) this.groups.delete(queue);
    await Promise.all(mine.map(([, group]) => group.consumer.stop()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.groups.values()].map((group) => group.consumer.stop()));
    this.groups.clear();
  }

  stats(): Array<{ queue: string; handled: number; failed: number }> {
    return [...this.groups.entries()].map(([queue, group]) => ({ queue, ...group.consumer.stats() }));
  }
}
