import type PgBoss from "pg-boss";
import type { Logger } from "@checkstack/backend-api";

export interface ConsumedJob {
  id: string;
  data: unknown;
}

export interface JobConsumerOptions {
  queue: string;
  /** Jobs fetched per round trip; also how many run at once. */
  batchSize: number;
  /** Fallback poll when no wake-up arrives (retries become due without one). */
  pollIntervalMs: number;
  handler: (job: ConsumedJob) => Promise<void>;
}

const sleep = (ms: number, signal: { wake?: () => void }) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

/**
 * A worker loop over one pg-boss queue. pg-boss 11 only polls, so the loop is
 * woken by NOTIFY (wake()) and otherwise polls slowly. Up to batchSize jobs run
 * at once, and a slot is refilled as soon as its job finishes: one slow job
 * (a provider taking seconds to answer) does not hold back the jobs queued
 * behind it, as waiting for a whole fetched batch would. Each job is completed
 * or failed on its own, so one bad job does not fail the others; completions
 * that finish together are recorded in one statement.
 */
export class JobConsumer {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly sleeper: { wake?: () => void } = {};
  /** Jobs may be waiting: a wake-up came, the poll interval passed, or the last fetch filled every free slot. */
  private pending = true;
  private handled = 0;
  private failed = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private completing: Promise<void> | undefined;
  private toComplete: string[] = [];

  constructor(
    private readonly boss: PgBoss,
    private readonly options: JobConsumerOptions,
    private readonly logger: Logger,
  ) {}

  get queue(): string {
    return this.options.queue;
  }

  stats(): { handled: number; failed: number } {
    return { handled: this.handled, failed: this.failed };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
    this.pending = true;
    this.sleeper.wake?.();
  }

  /** Stops fetching and waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.sleeper.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const free = this.options.batchSize - this.inFlight.size;
      if (free > 0 && this.pending) {
        this.pending = false;
        let jobs: ConsumedJob[] = [];
        try {
          jobs = await this.boss.fetch<unknown>(this.options.queue, { batchSize: free });
        } catch (error) {
          this.logger.warn("fetching jobs failed", { queue: this.options.queue, error });
        }
        for (const job of jobs) this.startJob(job);
        // Every free slot filled: more may be waiting, fetched as soon as a slot frees.
        if (jobs.length === free) this.pending = true;
        continue;
      }
      // Nothing to fetch, or no free slot: a wake-up, a finished job (when jobs wait) or the poll ends this.
      await sleep(this.options.pollIntervalMs, this.sleeper);
      this.sleeper.wake = undefined;
      this.pending = true;
    }
    await Promise.all([...this.inFlight]);
    await this.completing;
  }

  private startJob(job: ConsumedJob): void {
    const running: Promise<void> = (async () => {
      try {
        await this.options.handler(job);
        this.handled++;
        this.complete(job.id);
      } catch (error) {
        this.failed++;
        await this.fail(job, error);
      }
    })().finally(() => {
      this.inFlight.delete(running);
      // A slot is free: fetch into it now if jobs may be waiting.
      if (this.pending) this.sleeper.wake?.();
    });
    this.inFlight.add(running);
  }

  /** Gathers completions while one statement is in flight, so a burst costs few round trips. */
  private complete(id: string): void {
    this.toComplete.push(id);
    if (this.completing) return;
    this.completing = (async () => {
      while (this.toComplete.length > 0) {
        const ids = this.toComplete;
        this.toComplete = [];
        try {
          await this.boss.complete(this.options.queue, ids);
        } catch (error) {
          // The jobs stay active and expire, and pg-boss retries them: nothing is lost.
          this.logger.error("recording job outcomes failed", { queue: this.options.queue, error });
        }
      }
    })().finally(() => {
      this.completing = undefined;
    });
  }

  private async fail(job: ConsumedJob, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn("job failed", { queue: this.options.queue, jobId: job.id, error });
    try {
      await this.boss.fail(this.options.queue, job.id, { message });
    } catch (failure) {
      this.logger.error("recording job outcomes failed", { queue: this.options.queue, error: failure });
    }
  }
}
