import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ClusterMetricsCollector, MetricDefinition, MetricLabels, MetricsService } from "@checkstack/backend-api";
import { CachedClusterCollector } from "./cluster-collector-cache";
import { assertMetricDefinition } from "./metric-names";

/** How long cluster-wide values read from Postgres are reused. */
export const CLUSTER_CACHE_MS = 5_000;

interface Owned {
  pluginId: string;
  names: string[];
}

/**
 * The metrics of one instance: per-instance metrics (labelled `instance`) in one registry, cluster-wide
 * gauges (read from Postgres, no `instance` label, the same from every instance) rendered from cached
 * collectors at scrape time. Plugins get a scoped view (coreServices.metrics); unloading removes theirs.
 */
export class PlatformMetrics {
  private readonly instanceRegistry = new Registry();
  private readonly clusterRegistry = new Registry();
  private readonly collectors: Array<{ pluginId: string; cached: CachedClusterCollector; gauges: Map<string, Gauge> }> = [];
  private readonly owners: Owned[] = [];
  private readonly beforeScrape: Array<() => void> = [];

  constructor(instanceId: string) {
    this.instanceRegistry.setDefaultLabels({ instance: instanceId });
  }

  forPlugin(pluginId: string): MetricsService {
    const owned: Owned = { pluginId, names: [] };
    this.owners.push(owned);
    const claim = (definition: MetricDefinition) => {
      this.assertFree(definition.name);
      owned.names.push(definition.name);
      return { name: definition.name, help: definition.help, labelNames: [...(definition.labelNames ?? [])], registers: [this.instanceRegistry] };
    };
    return {
      counter: (definition) => {
        assertMetricDefinition(definition, "counter");
        const counter = new Counter(claim(definition));
        return { inc: (labels: MetricLabels = {}, value = 1) => counter.inc({ ...labels }, value) };
      },
      gauge: (definition) => {
        assertMetricDefinition(definition, "gauge");
        const gauge = new Gauge(claim(definition));
        return { set: (labels, value) => gauge.set({ ...labels }, value) };
      },
      histogram: (definition) => {
        assertMetricDefinition(definition, "histogram");
        const histogram = new Histogram({ ...claim(definition), ...(definition.buckets ? { buckets: [...definition.buckets] } : {}) });
        return { observe: (labels, value) => histogram.observe({ ...labels }, value) };
      },
      registerClusterCollector: (collector) => this.addClusterCollector(pluginId, collector),
    };
  }

  /** Registers a cluster collector of the platform itself or of a plugin. */
  addClusterCollector(pluginId: string, collector: ClusterMetricsCollector): void {
    const gauges = new Map<string, Gauge>();
    for (const definition of collector.gauges) {
      assertMetricDefinition(definition, "gauge");
      this.assertFree(definition.name);
      gauges.set(
        definition.name,
        new Gauge({ name: definition.name, help: definition.help, labelNames: [...(definition.labelNames ?? [])], registers: [this.clusterRegistry] }),
      );
    }
    this.collectors.push({ pluginId, cached: new CachedClusterCollector(collector, CLUSTER_CACHE_MS), gauges });
  }

  /** Runs before each scrape, for per-instance values read when asked (pool usage, process memory). */
  onScrape(update: () => void): void {
    this.beforeScrape.push(update);
  }

  unloadPlugin(pluginId: string): void {
    for (const owned of this.owners.filter((entry) => entry.pluginId === pluginId)) {
      for (const name of owned.names) this.instanceRegistry.removeSingleMetric(name);
      this.owners.splice(this.owners.indexOf(owned), 1);
    }
    for (const entry of this.collectors.filter((collector) => collector.pluginId === pluginId)) {
      for (const name of entry.gauges.keys()) this.clusterRegistry.removeSingleMetric(name);
      this.collectors.splice(this.collectors.indexOf(entry), 1);
    }
  }

  /** The text exposition of everything, cluster values first; a failing collector leaves out only its own gauges. */
  async render(onCollectorError: (pluginId: string, error: unknown) => void): Promise<string> {
    for (const update of this.beforeScrape) update();
    await Promise.all(
      this.collectors.map(async ({ pluginId, cached, gauges }) => {
        try {
          const samples = await cached.samples();
          for (const [name, gauge] of gauges) {
            gauge.reset();
            for (const sample of samples[name] ?? []) gauge.set({ ...sample.labels }, sample.value);
          }
        } catch (error) {
          for (const gauge of gauges.values()) gauge.reset();
          onCollectorError(pluginId, error);
        }
      }),
    );
    return `${await this.clusterRegistry.metrics()}\n${await this.instanceRegistry.metrics()}`;
  }

  get contentType(): string {
    return this.instanceRegistry.contentType;
  }

  private assertFree(name: string): void {
    if (this.instanceRegistry.getSingleMetric(name) || this.clusterRegistry.getSingleMetric(name)) {
      throw new Error(`metric "${name}" is already registered`);
    }
  }
}
