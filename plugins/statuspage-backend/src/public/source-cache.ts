/**
 * What the snapshot builder reads from other plugins that does not change with most page changes: the
 * 90 days of rollups (9000 rows for 100 systems, the slowest read by far), live statuses and dependencies.
 * An incident update clears the pages but not these, so the rebuild after it reads only what it changed.
 * Each is cleared by the hooks that change it (health transitions, catalog changes) and is at most
 * `maxAgeMs` old otherwise. Concurrent misses share one load; a load begun before a clear is not kept.
 */
export class SourceCache<T> {
  constructor(
    private readonly maxAgeMs: number,
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  private readonly entries = new Map<string, { value: T; at: number }>();
  private readonly loading = new Map<string, { generation: number; promise: Promise<T> }>();
  private generation = 0;
  /** Loads started (for tests). */
  loads = 0;

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached && this.now() - cached.at < this.maxAgeMs) return cached.value;
    const inFlight = this.loading.get(key);
    if (inFlight && inFlight.generation === this.generation) return inFlight.promise;
    const generation = this.generation;
    const startedAt = this.now();
    this.loads++;
    const promise = load().then((value) => {
      if (generation === this.generation) {
        if (this.entries.size >= this.maxEntries) this.entries.clear();
        this.entries.set(key, { value, at: startedAt });
      }
      return value;
    });
    const flight = { generation, promise };
    this.loading.set(key, flight);
    const forget = () => {
      if (this.loading.get(key) === flight) this.loading.delete(key);
    };
    promise.then(forget, forget);
    return promise;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }
}
