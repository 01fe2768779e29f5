import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

/** A rendered public document, ready to answer with. */
export interface CachedDocument {
  status: number;
  /** Encoded once when built, not once per request. */
  body: Uint8Array;
  /**
   * Large bodies gzipped once, for clients that accept it (an HTML page with 100 systems and their bars is
   * about 1 MB and shrinks about 20-fold). Small ones are sent as they are: unzipping costs the client more
   * than the bytes saved.
   */
  gzipped: Uint8Array | null;
  contentType: string;
  etag: string;
}

const GZIP_FROM_BYTES = 64 * 1024;

export function toDocument(text: string, contentType: string, status = 200): CachedDocument {
  const body = new TextEncoder().encode(text);
  return { status, body, gzipped: body.byteLength >= GZIP_FROM_BYTES ? gzipSync(body) : null, contentType, etag: `"${createHash("sha1").update(body).digest("base64url")}"` };
}

/**
 * This instance's rendered pages, JSON, feeds and badges. Any change anywhere in the cluster clears it
 * (broadcast hooks call `invalidate`). Concurrent requests for a missing entry share one build
 * (single flight); a build that began before an invalidation answers its own waiters but is not kept,
 * so nothing stale outlives the change that made it stale.
 */
export class ResponseCache<T> {
  /** Keys include the slug and host the visitor chose: bounded, so made-up ones cannot grow it without end. */
  constructor(private readonly maxEntries = 5000) {}

  private readonly entries = new Map<string, T>();
  private readonly building = new Map<string, { generation: number; promise: Promise<T> }>();
  private generation = 0;
  /** Builds started (for tests and metrics: the first request after a change rebuilds once). */
  builds = 0;

  async get(key: string, build: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached;
    const inFlight = this.building.get(key);
    if (inFlight && inFlight.generation === this.generation) return inFlight.promise;
    const generation = this.generation;
    this.builds++;
    const promise = build().then((value) => {
      if (generation === this.generation) {
        if (this.entries.size >= this.maxEntries) this.entries.clear();
        this.entries.set(key, value);
      }
      return value;
    });
    const flight = { generation, promise };
    this.building.set(key, flight);
    const forget = () => {
      if (this.building.get(key) === flight) this.building.delete(key);
    };
    promise.then(forget, forget);
    return promise;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }
}
