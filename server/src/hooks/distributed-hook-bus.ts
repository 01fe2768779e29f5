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
import type { HookBus } from "./hook-bus";
import { onceOnlyDelivery } from "./handled-events";
import { LocalDispatcher } from "./local-dispatcher";
import { OUTBOX_TOKEN, type WakeChannel } from "../messaging/wake-channel";
import type { DbScope } from "../database/db-scope";
import { BROADCAST_TARGET, EMIT_EVENT, RECORD_SUBSCRIPTION } from "./hook-statements";
import { BroadcastOutbox } from "./broadcast-outbox";
import type { OutboxEvent } from "./outbox-reader";
import { HookWorkQueues, type HookJobData } from "./hook-work-queues";
import { startHookPruning } from "./hook-pruning";

export interface DistributedHookBusDeps {
  pool: Pool;
  boss: PgBoss;
  wake: WakeChannel;
  logger: Logger;
}

/**
 * Hooks over Postgres.
 * - broadcast: the event is a row in checkstack.hook_outbox; NOTIFY wakes every
 *   instance, which reads rows past its own position and runs its subscribers
 *   (broadcast-outbox.ts).
 * - work-queue: one pg-boss queue per (hook, plugin, group); the emitter
 *   enqueues one job per subscribed group, and one instance takes each job
 *   (hook-work-queues.ts).
 * - instance-local: this process only.
 * Inside a database scope the event is written in the scope's transaction and
 * the wake-up is sent after commit, so a rolled-back emit delivers nothing.
 * Old outbox rows and handled-marks are pruned on a timer (hook-pruning.ts).
 */
export class DistributedHookBus implements HookBus {
  private readonly broadcast: BroadcastOutbox;
  private readonly local: LocalDispatcher;
  private readonly workQueues: HookWorkQueues;
  private readonly pendingRegistrations = new Set<Promise<unknown>>();
  private readonly failedRegistrations: unknown[] = [];
  /** Wake-up tokens gathered per transaction, rung once after it commits. */
  private readonly pendingWakes = new WeakMap<DbScope, Set<string>>();
  private stopPruning: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly deps: DistributedHookBusDeps) {
    this.broadcast = new BroadcastOutbox(deps.pool, deps.logger, () => this.stopped);
    this.local = new LocalDispatcher(deps.logger);
    this.workQueues = new HookWorkQueues(deps.boss, deps.logger);
  }

  async start(): Promise<void> {
    await this.broadcast.start();
    this.deps.wake.onWake((token) => {
      if (token === OUTBOX_TOKEN) void this.broadcast.catchUp();
      else this.workQueues.wake(token);
    });
    this.deps.wake.onConnected(() => {
      void this.broadcast.catchUp();
      this.workQueues.wakeAll();
    });
    this.stopPruning = startHookPruning(this.deps.pool, this.deps.logger);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.broadcast.stop();
    this.stopPruning?.();
    await this.workQueues.stop();
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
      const remove = this.broadcast.add(hook.id, pluginId, run);
      this.track(this.recordSubscription(hook.id, pluginId, BROADCAST_TARGET));
      return async () => void remove();
    }
    const { registration, remove } = this.workQueues.add(pluginId, hook, run, options, (queue) => this.recordSubscription(hook.id, pluginId, queue));
    this.track(registration);
    return remove;
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
    await Promise.all([
      this.local.dispatch(hook, payload, onceOnlyDelivery(eventId, "instance-local")),
      this.broadcast.subscribers.dispatch(hook, payload, onceOnlyDelivery(eventId, "broadcast")),
      ...this.workQueues.dispatchLocally(hook, payload, eventId),
    ]);
  }

  async unsubscribePlugin(pluginId: string): Promise<void> {
    this.local.removePlugin(pluginId);
    this.broadcast.subscribers.removePlugin(pluginId);
    await this.workQueues.removePlugin(pluginId);
  }

  /** Every broadcast event this instance reads, with its outbox position (see BroadcastOutbox.tap). */
  tapBroadcast(listener: (event: OutboxEvent) => void): () => void {
    return this.broadcast.tap(listener);
  }

  /** Broadcast position and consumer counters, for tests and the status API. */
  diagnostics(): { outboxGaps: number; workers: Array<{ queue: string; handled: number; failed: number }> } {
    return { outboxGaps: this.broadcast.pendingGaps(), workers: this.workQueues.stats() };
  }
}
