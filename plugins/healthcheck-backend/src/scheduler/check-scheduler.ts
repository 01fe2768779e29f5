import type { Logger } from "@checkstack/backend-api";
import type { ResultWriter } from "../results/result-writer";
import { claimDueRuns, millisecondsUntilNextDue, type HealthcheckDatabase } from "./claim";
import { runCheck, type RunnerDeps } from "./check-runner";
import { LeaseRenewer, type LeaseRenewerOptions } from "./lease-renewal";

export interface SchedulerOptions {
  instanceId: string;
  /** Checks running at once on this instance. */
  concurrency: number;
  /** Longest idle sleep: also how soon a check created elsewhere is noticed without a wake-up. */
  idleMs: number;
  /** Lease heartbeat timing; defaults in lease-renewal.ts. */
  leaseRenewal?: LeaseRenewerOptions;
  /** Told how late each claimed run starts behind its scheduled time, in seconds (the scheduler-lag metric). */
  onLag?: (seconds: number) => void;
}

export interface SchedulerStats {
  claimed: number;
  completed: number;
  /** Start delay behind the scheduled time of the most recent runs, in ms. */
  recentLagMs: number[];
}

const LAG_SAMPLES = 5000;

/**
 * The loop that makes each (check, system) run once per interval across the
 * cluster: claim due pairs (never more than there is room for), run them,
 * hand outcomes to the writer, sleep until the next pair is due. Each run's
 * lease is renewed from its claim until its result's write has settled, so a
 * run slowed by load is never claimed (and its target probed) a second time.
 */
export class CheckScheduler {
  private running = false;
  private loop: Promise<void> | undefined;
  private inFlight = 0;
  private slotFreed: (() => void) | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly stats: SchedulerStats = { claimed: 0, completed: 0, recentLagMs: [] };
  private readonly renewer: LeaseRenewer;

  constructor(
    private readonly database: HealthcheckDatabase,
    private readonly runner: RunnerDeps,
    private readonly writer: ResultWriter,
    private readonly options: SchedulerOptions,
    private readonly logger: Logger,
  ) {
    this.renewer = new LeaseRenewer(database, logger, options.leaseRenewal);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.renewer.start();
    this.loop = this.run();
  }

  /** Something changed (a check was created or rescheduled): look for due work now. */
  wake(): void {
    this.wakeUp?.();
  }

  snapshot(): SchedulerStats {
    return { ...this.stats, recentLagMs: [...this.stats.recentLagMs] };
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    this.slotFreed?.();
    await this.loop;
    while (this.inFlight > 0) await new Promise<void>((resolve) => (this.slotFreed = resolve));
    await this.writer.stop();
    await this.renewer.stop();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const room = this.options.concurrency - this.inFlight;
      if (room <= 0) {
        await new Promise<void>((resolve) => (this.slotFreed = resolve));
        continue;
      }
      try {
        const claimed = await claimDueRuns(this.database, this.options.instanceId, room);
        for (const run of claimed) this.launch(run);
        if (claimed.length < room) await this.sleep(await millisecondsUntilNextDue(this.database, this.options.idleMs));
      } catch (error) {
        if (!this.running) break;
        this.logger.warn("claiming due checks failed; retrying shortly", { error });
        await this.sleep(this.options.idleMs);
      }
    }
  }

  private launch(run: Parameters<typeof runCheck>[0]): void {
    this.inFlight++;
    this.stats.claimed++;
    const lag = Date.now() - run.scheduledAt.getTime();
    this.options.onLag?.(Math.max(0, lag) / 1000);
    this.stats.recentLagMs.push(lag);
    if (this.stats.recentLagMs.length > LAG_SAMPLES) this.stats.recentLagMs.splice(0, this.stats.recentLagMs.length - LAG_SAMPLES);
    this.renewer.hold(run);
    // The slot frees once the outcome is queued; the lease is renewed until the write has settled.
    void runCheck(run, this.runner)
      .then((outcome) => void this.writer.add(outcome).finally(() => this.renewer.release(run.leaseToken)))
      .catch((error: unknown) => {
        this.renewer.release(run.leaseToken);
        this.logger.error("running a check failed", { error, checkId: run.checkId });
      })
      .finally(() => {
        this.inFlight--;
        this.stats.completed++;
        const freed = this.slotFreed;
        this.slotFreed = undefined;
        freed?.();
      });
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }
}
