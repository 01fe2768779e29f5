import { createQueueService, type PluginQueueService, type QueueServiceDeps } from "./queue-service";
import { RecurringJobTicker } from "./recurring-ticker";

export type PluginQueueServicesDeps = Omit<QueueServiceDeps, "pluginId"> & { tickerIntervalMs?: number };

/**
 * The instance's job queues: one QueueService per plugin (the runtime asks
 * for core services more than once per plugin, so they are cached, and every
 * consumer a plugin started is found again when it unloads), plus the ticker
 * that runs interval schedules for all plugins.
 */
export class PluginQueueServices {
  private readonly services = new Map<string, PluginQueueService>();
  private readonly ticker: RecurringJobTicker;

  constructor(private readonly deps: PluginQueueServicesDeps) {
    this.ticker = new RecurringJobTicker({
      pool: deps.pool,
      boss: deps.boss,
      wake: deps.wake,
      logger: deps.logger.child({ component: "recurring-jobs" }),
      ...(deps.tickerIntervalMs !== undefined ? { intervalMs: deps.tickerIntervalMs } : {}),
    });
  }

  forPlugin(pluginId: string): PluginQueueService {
    let service = this.services.get(pluginId);
    if (!service) {
      service = createQueueService({ ...this.deps, pluginId });
      this.services.set(pluginId, service);
    }
    return service;
  }

  /**
   * Stops the plugin's consumers. The service stays cached (a reload gets it
   * back, and stop() still reaches anything it starts later). Schedules stay
   * too: they are cluster-wide, and other instances may still run the plugin.
   */
  async unloadPlugin(pluginId: string): Promise<void> {
    await this.services.get(pluginId)?.stopAll();
  }

  start(): void {
    this.ticker.start();
  }

  /** Stops the ticker and every consumer; call before pg-boss stops. */
  async stop(): Promise<void> {
    await this.ticker.stop();
    const services = [...this.services.values()];
    this.services.clear();
    await Promise.all(services.map((service) => service.stopAll()));
  }
}
