import { readdirSync } from "node:fs";
import type { Pool } from "pg";
import type { ClusterMetricsCollector, MetricsService } from "@checkstack/backend-api";
import type { PlatformMetrics } from "./platform-metrics";
import { QUEUE_BACKLOG } from "./metrics-statements";

/** Work-queue depth and age, from pg-boss's table: the same for every instance. */
export function queueCollector(pool: Pool): ClusterMetricsCollector {
  return {
    gauges: [
      { name: "checkstack_queue_jobs", help: "Jobs in the work queue by state (waiting: created or retrying; active: being handled)", labelNames: ["queue", "state"] },
      { name: "checkstack_queue_oldest_job_age_seconds", help: "How long the oldest job due in each queue has waited", labelNames: ["queue"] },
    ],
    collect: async () => {
      const { rows } = await pool.query<{ name: string; waiting: number; active: number; oldest_seconds: number }>(QUEUE_BACKLOG);
      return {
        checkstack_queue_jobs: rows.flatMap((row) => [
          { labels: { queue: row.name, state: "waiting" }, value: row.waiting },
          { labels: { queue: row.name, state: "active" }, value: row.active },
        ]),
        checkstack_queue_oldest_job_age_seconds: rows.map((row) => ({ labels: { queue: row.name }, value: row.oldest_seconds })),
      };
    },
  };
}

function openFileDescriptors(): number | undefined {
  try {
    return readdirSync("/proc/self/fd").length;
  } catch {
    return undefined;
  }
}

/**
 * This instance's own numbers, read when scraped: database pool usage and the process (CPU, memory,
 * descriptors). Written here rather than taken from prom-client's defaults, whose event-loop figures Bun
 * does not provide (they read NaN).
 */
export function registerInstanceMetrics(metrics: PlatformMetrics, service: MetricsService, pool: Pool): void {
  const connections = service.gauge({ name: "checkstack_db_pool_connections", help: "Connections of the application pool by state", labelNames: ["state"] });
  const cpu = service.gauge({ name: "checkstack_process_cpu_seconds", help: "CPU time this process has used, user and system", labelNames: ["mode"] });
  const memory = service.gauge({ name: "checkstack_process_memory_bytes", help: "Memory of this process (rss, heap_used, heap_total)", labelNames: ["kind"] });
  const descriptors = service.gauge({ name: "checkstack_process_open_fds", help: "Open file descriptors of this process" });
  const started = service.gauge({ name: "checkstack_process_start_time_seconds", help: "When this process started, in Unix seconds" });
  const startedAt = Date.now() / 1000 - process.uptime();
  metrics.onScrape(() => {
    connections.set({ state: "total" }, pool.totalCount);
    connections.set({ state: "idle" }, pool.idleCount);
    connections.set({ state: "waiting" }, pool.waitingCount);
    const usage = process.cpuUsage();
    cpu.set({ mode: "user" }, usage.user / 1e6);
    cpu.set({ mode: "system" }, usage.system / 1e6);
    const heap = process.memoryUsage();
    memory.set({ kind: "rss" }, heap.rss);
    memory.set({ kind: "heap_used" }, heap.heapUsed);
    memory.set({ kind: "heap_total" }, heap.heapTotal);
    const fds = openFileDescriptors();
    if (fds !== undefined) descriptors.set({}, fds);
    started.set({}, Math.round(startedAt));
  });
}

/**
 * Broadcast hook lag on this instance: from the emitting transaction to this instance reading the
 * event (which is when its subscribers run). Read off the outbox reader's tap, so it costs nothing
 * per subscriber.
 */
export function registerHookLagMetric(service: MetricsService, tapBroadcast: (listener: (event: { hookId: string; ageSeconds: number }) => void) => () => void): () => void {
  const lag = service.histogram({
    name: "checkstack_hook_delivery_lag_seconds",
    help: "Time from a broadcast hook's emit to this instance reading it, by hook",
    labelNames: ["hook"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  return tapBroadcast((event) => lag.observe({ hook: event.hookId }, event.ageSeconds));
}
