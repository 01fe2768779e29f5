import type { ClusterMetricsCollector, MetricSample } from "@checkstack/backend-api";

type Samples = Readonly<Record<string, readonly MetricSample[]>>;

/**
 * A cluster collector's last answer, reused for `maxAgeMs`: scrapes of every Prometheus replica and every
 * dashboard refresh cost Postgres one read per period per instance. Concurrent scrapes share one read.
 */
export class CachedClusterCollector {
  private value: Samples | undefined;
  private readAt = 0;
  private reading: Promise<Samples> | undefined;

  constructor(
    readonly collector: ClusterMetricsCollector,
    private readonly maxAgeMs: number,
  ) {}

  samples(): Promise<Samples> {
    if (this.value && performance.now() - this.readAt < this.maxAgeMs) return Promise.resolve(this.value);
    this.reading ??= this.collector
      .collect()
      .then((value) => {
        this.value = value;
        this.readAt = performance.now();
        return value;
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }
}
