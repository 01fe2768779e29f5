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
 * woken by NOTIFY (wake()) and otherwise polls slowly. Each job is completed
 * or failed on its own, so one bad job does not fail its batch.
 */
export class JobConsumer {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly sleeper: { wake?: () => void } = {};
  private wokenWhileBusy = false;
  private handled = 0;
  private failed = 0;

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
    if (this.sleeper.wake) this.sleeper.wake();
    else this.wokenWhileBusy = true;
  }

  /** Stops fetching and waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let jobs: ConsumedJob[] = [];
      try {
        jobs = await this.boss.fetch<unknown>(this.options.queue, { batchSize: this.options.batchSize });
      } catch (error) {
        this.logger.warn("fetching jobs failed", { queue: this.options.queue, error });
      }
      if (jobs.length === 0) {
        if (this.wokenWhileBusy) {
          this.wokenWhileBusy = false;
          continue;
        }
        await sleep(this.options.pollIntervalMs, this.sleeper);
        this.sleeper.wake = undefined;
        continue;
      }
      this.wokenWhileBusy = false;
      await this.runBatch(jobs);
    }
  }

  private async runBatch(jobs: ConsumedJob[]): Promise<void> {
    const outcomes = await Promise.all(
      jobs.map(async (job) => {
        try {
          await this.options.handler(job);
          return { job, error: undefined };
        } catch (error) {
          return { job, error };
        }
      }),
    );
    const done = outcomes.filter((outcome) => outcome.error === undefined).map((outcome) => outcome.job.id);
    const failures = outcomes.filter((outcome) => outcome.error !== undefined);
    this.handled += done.length;
    this.failed += failures.length;
    try {
      if (done.length > 0) await this.boss.complete(this.options.queue, done);
      for (const { job, error } of failures) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn("job failed", { queue: this.options.queue, jobId: job.id, error });
        await this.boss.fail(this.options.queue, job.id, { message });
      }
    } catch (error) {
      // The jobs stay active and expire, and pg-boss retries them: nothing is lost.
      this.logger.error("recording job outcomes failed", { queue: this.options.queue, error });
    }
  }
}
