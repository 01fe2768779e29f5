import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import type { Pool, PoolClient } from "pg";
import {
  servicePrincipal,
  type Hook,
  type HookDelivery,
  type HookHandler,
  type HookSubscribeOptions,
  type Logger,
  type Unsubscribe,
} from "@checkstack/backend-api";
import { currentDbScope, runInDbScope } from "../database/db-scope";
import { JobConsumer } from "../queue/job-consumer";
import type { HookBus } from "./hook-bus";
import { onceOnlyDelivery, pruneHandledEvents, workQueueDelivery } from "./handled-events";
import { LocalDispatcher } from "./local-dispatcher";
import { OutboxReader } from "./outbox-reader";
import { pruneOutbox } from "./outbox-retention";
import { OUTBOX_TOKEN, type WakeChannel } from "./wake-channel";
import type { DbScope } from "../database/db-scope";
import { ensureWorkQueue, workQueueName } from "./work-queue-groups";
import { retryWhileUnavailable } from "../database/retry-unavailable";
import { BROADCAST_TARGET, EMIT_EVENT, RECORD_SUBSCRIPTION } from "./hook-statements";

/** The safety net under NOTIFY: how often each instance looks for events it was not woken for. */
const CATCH_UP_INTERVAL_MS = 2_000;
const JOB_BATCH = 50;
const PRUNE_INTERVAL_MS = 5 * 60_000;
/** How long a broadcast delivery that failed only because the database was away is retried. */
const BROADCAST_RETRY_MS = 120_000;

interface WorkGroup {
  pluginId: string;
  hookId: string;
  consumer: JobConsumer;
  handler: HookHandler<unknown>;
}

interface HookJobData {
  hookId: string;
  /** Absent on jobs queued before events had ids: the job id stands in (stable across retries). */
  eventId?: string;
  payload: unknown;
}

export interface DistributedHookBusDeps {
  pool: Pool;
  boss: PgBoss;
  wake: WakeChannel;
  logger: Logger;
}

/**
 * Hooks over Postgres.
 * - broadcast: the event is a row in checkstack.hook_outbox; NOTIFY wakes every
 *   instance, which reads rows past its own position and runs its subscribers.
 * - work-queue: one pg-boss queue per (hook, plugin, group); the emitter
 *   enqueues one job per subscribed group, and one instance takes each job.
 * - instance-local: this process only.
 * Inside a database scope the event is written in the scope's transaction and
 * the wake-up is sent after commit, so a rolled-back emit delivers nothing.
 */
export class DistributedHookBus implements HookBus {
  private readonly broadcast: LocalDispatcher;
  private readonly local: LocalDispatcher;
  private readonly groups = new Map<string, WorkGroup>();
  private readonly pendingRegistrations = new Set<Promise<unknown>>();
  private readonly failedRegistrations: unknown[] = [];
  /** Wake-up tokens gathered per transaction, rung once after it commits. */
  private readonly pendingWakes = new WeakMap<DbScope, Set<string>>();
  private readonly outbox: OutboxReader;
  private timer: ReturnType<typeof setInterval> | undefined;
  private pruneTimer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(private readonly deps: DistributedHookBusDeps) {
    this.broadcast = new LocalDispatcher(deps.logger);
    this.local = new LocalDispatcher(deps.logger);
    this.outbox = new OutboxReader(
      deps.pool,
      (event) => this.broadcast.dispatch(event.hookId, event.payload, onceOnlyDelivery(event.eventId ?? randomUUID(), "broadcast")),
      deps.logger,
    );
  }

  async start(): Promise<void> {
    await this.outbox.start();
    this.deps.wake.onWake((token) => {
      if (token === OUTBOX_TOKEN) void this.outbox.catchUp();
      else this.groups.get(token)?.consumer.wake();
    });
    this.deps.wake.onConnected(() => {
      void this.outbox.catchUp();
      for (const group of this.groups.values()) group.consumer.wake();
    });
    this.timer = setInterval(() => void this.outbox.catchUp(), CATCH_UP_INTERVAL_MS);
    this.timer.unref();
    this.pruneTimer = setInterval(() => {
      pruneOutbox(this.deps.pool).catch((error: unknown) => this.deps.logger.warn("pruning the hook outbox failed", { error }));
      pruneHandledEvents(this.deps.pool).catch((error: unknown) => this.deps.logger.warn("pruning handled hook events failed", { error }));
    }, PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await Promise.all([...this.groups.values()].map((group) => group.consumer.stop()));
    this.groups.clear();
  }

  /** Runs a subscriber as its plugin's service principal, in its own transaction. */
  private scoped<P>(pluginId: string, handler: HookHandler<P>): (payload: P, delivery: HookDelivery) => Promise<void> {
    return (payload, delivery) => runInDbScope(this.deps.pool, { principal: servicePrincipal(pluginId) }, async () => handler(payload, delivery));
  }

  subscribe<P>(pluginId: string, hook: Hook<P>, handler: HookHandler<P>, options: HookSubscribeOptions = {}): Unsubscribe {
    const mode = options.mode ?? "broadcast";
    const run = this.scoped(pluginId, handler);
    if (mode === "instance-local") {
      const remove = this.local.add(hook.id, pluginId, run);
      return async () => void remove();
    }
    if (mode === "broadcast") {
      // The outbox reader has moved past the event once it is handed over: a handler whose
      // transaction died with its connection (a restart, a cut connection) must run again, or the
      // event is lost on this instance. Work-queue jobs get this from pg-boss's retries.
      const deliver = (payload: P, delivery: HookDelivery) => retryWhileUnavailable(() => run(payload, delivery), { deadlineMs: BROADCAST_RETRY_MS, stopped: () => this.stopped });
      const remove = this.broadcast.add(hook.id, pluginId, deliver);
      this.track(this.recordSubscription(hook.id, pluginId, BROADCAST_TARGET));
      return async () => void remove();
    }
    const queue = workQueueName(hook.id, pluginId, options.workerGroup);
    if (this.groups.has(queue)) {
      throw new Error(`plugin "${pluginId}" already subscribed worker group "${options.workerGroup ?? "default"}" to ${hook.id}`);
    }
    const consumer = new JobConsumer(
      this.deps.boss,
      {
        queue,
        batchSize: JOB_BATCH,
        pollIntervalMs: 1_000,
        handler: (job) => {
          const data = job.data as HookJobData;
          return run(data.payload as P, workQueueDelivery(data.eventId ?? job.id, queue));
        },
      },
      this.deps.logger.child({ pluginId, queue }),
    );
    this.groups.set(queue, { pluginId, hookId: hook.id, consumer, handler: run as HookHandler<unknown> });
    this.track(
      (async () => {
        await ensureWorkQueue(this.deps.boss, queue, options);
        await this.recordSubscription(hook.id, pluginId, queue);
        if (this.groups.get(queue)?.consumer === consumer) consumer.start();
      })(),
    );
    return async () => {
      if (this.groups.get(queue)?.consumer !== consumer) return;
      this.groups.delete(queue);
      await consumer.stop();
    };
  }

  private track(registration: Promise<unknown>): void {
    const tracked = registration.catch((error: unknown) => void this.failedRegistrations.push(error));
    this.pendingRegistrations.add(tracked);
    void tracked.finally(() => this.pendingRegistrations.delete(tracked));
  }

  /**
   * Waits until every subscription made so far is recorded and its workers
   * run; throws if one could not be, so the subscribing plugin fails loudly
   * instead of silently missing events.
   */
  async settle(): Promise<void> {
    await Promise.all([...this.pendingRegistrations]);
    const failure = this.failedRegistrations.splice(0)[0];
    if (failure !== undefined) throw failure;
  }

  private async recordSubscription(hookId: string, pluginId: string, target: string): Promise<void> {
    await this.deps.pool.query(RECORD_SUBSCRIPTION, [hookId, pluginId, target]);
  }

  async emit<P>(hook: Hook<P>, payload: P): Promise<void> {
    const scope = currentDbScope();
    const client: Pick<PoolClient, "query"> = scope ? await scope.client() : this.deps.pool;
    const eventId = randomUUID();
    // One statement records the event and names the work queues (see EMIT_EVENT for why the outbox row is
    // always written): an event emitted after onHook() returned must reach that subscriber.
    const result = await client.query<{ target: string }>(EMIT_EVENT, [hook.id, JSON.stringify(payload ?? null), eventId]);
    const queues = result.rows.map((row) => row.target);
    const data: HookJobData = { hookId: hook.id, eventId, payload };
    const db = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
    for (const queue of queues) await this.deps.boss.insert(queue, [{ name: queue, data }], { db });

    const tokens = [OUTBOX_TOKEN, ...queues];
    const deliverLocally = () => void this.local.dispatch(hook, payload, onceOnlyDelivery(eventId, "instance-local"));
    if (scope) this.wakeAfterCommit(scope, tokens, deliverLocally);
    else {
      this.deps.wake.ring(tokens);
      deliverLocally();
    }
  }

  /** One NOTIFY per transaction, sent after it commits: never inside the write path. */
  private wakeAfterCommit(scope: DbScope, tokens: string[], effect: () => void): void {
    let gathered = this.pendingWakes.get(scope);
    if (!gathered) {
      const fresh = new Set<string>();
      gathered = fresh;
      this.pendingWakes.set(scope, fresh);
      scope.afterCommit(() => this.deps.wake.ring(fresh));
    }
    for (const token of tokens) gathered.add(token);
    scope.afterCommit(effect);
  }

  async emitLocal<P>(hook: Hook<P>, payload: P): Promise<void> {
    const eventId = randomUUID();
    const groups = [...this.groups.entries()].filter(([, group]) => group.hookId === hook.id);
    await Promise.all([
      this.local.dispatch(hook, payload, onceOnlyDelivery(eventId, "instance-local")),
      this.broadcast.dispatch(hook, payload, onceOnlyDelivery(eventId, "broadcast")),
      ...groups.map(([queue, group]) =>
        Promise.resolve(group.handler(payload, workQueueDelivery(eventId, queue))).catch((error: unknown) =>
          this.deps.logger.error("hook handler failed", { hook: hook.id, error }),
        ),
      ),
    ]);
  }

  async unsubscribePlugin(pluginId: string): Promise<void> {
    this.local.removePlugin(pluginId);
    this.broadcast.removePlugin(pluginId);
    const mine = [...this.groups.entries()].filter(([, group]) => group.pluginId === pluginId);
    for (const [queue] of mine) this.groups.delete(queue);
    await Promise.all(mine.map(([, group]) => group.consumer.stop()));
  }

  /** Broadcast position and consumer counters, for tests and the status API. */
  diagnostics(): { outboxGaps: number; workers: Array<{ queue: string; handled: number; failed: number }> } {
    return {
      outboxGaps: this.outbox.pendingGaps(),
      workers: [...this.groups.entries()].map(([queue, group]) => ({ queue, ...group.consumer.stats() })),
    };
  }
}
