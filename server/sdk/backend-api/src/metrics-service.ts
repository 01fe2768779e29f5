/** Label values of one series; label names are declared with the metric. */
export type MetricLabels = Readonly<Record<string, string>>;

/** One value of a cluster-wide metric. */
export interface MetricSample {
  labels: MetricLabels;
  value: number;
}

/**
 * A metric the platform exports under /metrics. Names follow Prometheus conventions: prefixed
 * `checkstack_`, base units (`_seconds`, `_bytes`, `_ratio`), `_total` for counters only.
 */
export interface MetricDefinition {
  name: string;
  help: string;
  labelNames?: readonly string[];
}

/**
 * Values that are the same whichever instance is asked (a system's status, an uptime ratio): read from
 * Postgres when scraped, at most once per few seconds per instance however many scrapers ask, and
 * exported without an `instance` label so every instance of a cluster reports the same series.
 */
export interface ClusterMetricsCollector {
  gauges: readonly MetricDefinition[];
  /** The samples of each gauge, by name; a gauge left out has no series this time. */
  collect(): Promise<Readonly<Record<string, readonly MetricSample[]>>>;
}

/** A per-instance counter. */
export interface MetricCounter {
  inc(labels?: MetricLabels, value?: number): void;
}

/** A per-instance gauge. */
export interface MetricGauge {
  set(labels: MetricLabels, value: number): void;
}

/** A per-instance distribution (durations, lags), in base units. */
export interface MetricHistogram {
  observe(labels: MetricLabels, value: number): void;
}

/**
 * A plugin's metrics (coreServices.metrics). Per-instance metrics carry the `instance` label; cluster
 * collectors do not. Everything a plugin registered goes when it is unloaded.
 */
export interface MetricsService {
  counter(definition: MetricDefinition): MetricCounter;
  gauge(definition: MetricDefinition): MetricGauge;
  histogram(definition: MetricDefinition & { buckets?: readonly number[] }): MetricHistogram;
  registerClusterCollector(collector: ClusterMetricsCollector): void;
}
