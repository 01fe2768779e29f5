import type PgBoss from "pg-boss";
import type { Pool, PoolClient } from "pg";
import type { Logger } from "@checkstack/backend-api";
import type { WakeChannel } from "../messaging/wake-channel";
import { CLAIM_DUE, NEXT_DUE } from "./queue-statements";

export interface RecurringTickerDeps {
  pool: Pool;
  boss: PgBoss;
  wake: WakeChannel;
  logger: Logger;
  /** How often this instance looks for due schedules; bounds how late a run starts. */
  intervalMs?: number;
  /** Schedules claimed per transaction. */
  batchSize?: number;
}

interface ClaimedRun {
  queue: string;
  data: object;
}

/** Floor for the sleep while due rows are locked by another instance's claim, which commits within milliseconds. */
const MIN_SLEEP_MS = 10;

/**
 * Runs interval schedules (checkstack.recurring_jobs). Each instance ticks;
 * a due row is claimed and advanced in the same transaction that inserts its
 * job, so each tick yields exactly one job across the cluster, and a crash
 * before COMMIT leaves the tick to the next claimant. Between rounds it sleeps
 * until the earliest schedule is due, at most intervalMs, so runs start within
 * milliseconds of their tick and new or changed schedules are seen promptly.
 */
export class RecurringJobTicker {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly intervalMs: number;
  private readonly batchSize: number;

  constructor(private readonly deps: RecurringTickerDeps) {
    this.intervalMs = deps.intervalMs ?? 500;
    this.batchSize = deps.batchSize ?? 100;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops ticking and waits for a tick in progress, so boss.stop() can follow. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    // A timer (not setInterval) so a slow round never overlaps the next one.
    this.timer = setTimeout(() => {
      let next = this.intervalMs;
      this.running = this.round()
        .then((delay) => void (next = delay))
        .catch((error: unknown) => this.deps.logger.warn("recurring jobs tick failed", { error }))
        .finally(() => {
          this.running = undefined;
          this.schedule(next);
        });
    }, delayMs);
    this.timer.unref?.();
  }

  /** Claims until nothing is due; returns how long to sleep. */
  private async round(): Promise<number> {
    for (;;) {
      const { claimed, nextDueMs } = await this.tick();
      if (this.stopped) return this.intervalMs;
      if (claimed > 0) continue;
      if (nextDueMs === null) return this.intervalMs;
      return Math.min(this.intervalMs, Math.max(MIN_SLEEP_MS, Math.ceil(nextDueMs)));
    }
  }

  /**
   * One round trip when nothing is due; otherwise one claim transaction.
   * Returns how many schedules it claimed and, when it claimed none, how far
   * off the earliest one is. Public for tests.
   */
  async tick(): Promise<{ claimed: number; nextDueMs: number | null }> {
    const nextDueMs = (await this.deps.pool.query<{ ms: number | null }>(NEXT_DUE)).rows[0]?.ms ?? null;
    if (nextDueMs === null || nextDueMs > 0) return { claimed: 0, nextDueMs };
    const claimed = await this.claimDue();
    return { claimed, nextDueMs: claimed > 0 ? null : nextDueMs };
  }

  private async claimDue(): Promise<number> {
    const client = await this.deps.pool.connect();
    let runs: ClaimedRun[];
    let released = false;
    try {
      await client.query("BEGIN");
      runs = (await client.query<ClaimedRun>(CLAIM_DUE, [this.batchSize])).rows;
      if (runs.length > 0) await this.insertJobs(client, runs);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        client.release(true);
        released = true;
      });
      throw error;
    } finally {
      if (!released) client.release();
    }
    if (runs.length > 0) this.deps.wake.ring(new Set(runs.map((run) => run.queue)));
    return runs.length;
  }

  /** One savepoint per queue: a queue that cannot take jobs loses its tick, not everyone else's. */
  private async insertJobs(client: PoolClient, runs: ClaimedRun[]): Promise<void> {
    const byQueue = new Map<string, object[]>();
    for (const run of runs) byQueue.set(run.queue, [...(byQueue.get(run.queue) ?? []), run.data]);
    const db = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
    for (const [queue, payloads] of byQueue) {
      await client.query("SAVEPOINT recurring_queue");
      try {
        await this.deps.boss.insert(queue, payloads.map((data) => ({ name: queue, data })), { db });
        await client.query("RELEASE SAVEPOINT recurring_queue");
      } catch (error) {
        await client.query("ROLLBACK TO SAVEPOINT recurring_queue");
        this.deps.logger.error("recurring job could not be enqueued; its tick is skipped", { queue, error });
      }
    }
  }
}
