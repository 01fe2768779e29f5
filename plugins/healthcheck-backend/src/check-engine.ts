import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { EmitHook, Logger, MetricsService } from "@checkstack/backend-api";
import type { CheckService } from "./check-service";
import { ResultWriter } from "./results/result-writer";
import { CheckScheduler } from "./scheduler/check-scheduler";
import type { HealthcheckDatabase } from "./scheduler/claim";

/**
 * This instance's check runner across the plugin's phases: built in init
 * (the router wakes it when schedules change), given the hook emitter and
 * started in afterPluginsReady, stopped at cleanup. The result writer asks for
 * the emitter when it writes, since init runs before emitting is possible.
 */
export class CheckEngine {
  /** Names this instance in claims: host, process and a random suffix, unique per start. */
  readonly instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  private scheduler: CheckScheduler | undefined;
  private emitHook: EmitHook | undefined;

  build(database: HealthcheckDatabase, checks: CheckService, logger: Logger, metrics: MetricsService): void {
    const writer = new ResultWriter({ database, instanceId: this.instanceId, emitHook: () => this.emitHook, logger });
    const lag = metrics.histogram({
      name: "checkstack_scheduler_lag_seconds",
      help: "How late each check run started on this instance, behind its scheduled time",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    });
    this.scheduler = new CheckScheduler(
      database,
      { strategy: (id) => checks.strategy(id), openConfig: (sealed, checkId) => checks.openConfig(sealed, checkId), logger },
      writer,
      { instanceId: this.instanceId, concurrency: 500, idleMs: 500, onLag: (seconds) => lag.observe({}, seconds) },
      logger,
    );
  }

  /** Status changes are announced from now on. */
  attachEmitter(emit: EmitHook): void {
    this.emitHook = emit;
  }

  wake(): void {
    this.scheduler?.wake();
  }

  start(): void {
    this.scheduler?.start();
  }

  async stop(): Promise<void> {
    await this.scheduler?.stop();
  }
}
