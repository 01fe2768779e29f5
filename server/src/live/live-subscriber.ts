import type { LiveEvent, Logger, Principal } from "@checkstack/backend-api";
import type { LiveAccessFilter } from "./live-access";
import type { LiveStream } from "./live-stream";
import { commentFrame, eventFrame } from "./sse-frames";

/** The stream events of one outbox row, under the row's position (the SSE event id). */
export interface LiveItem {
  outboxId: number;
  events: LiveEvent[];
}

/** Sent when the connection's credentials stopped being valid (signed out, disabled, key revoked). */
export const UNAUTHORIZED_EVENT = "live.unauthorized";

export interface LiveSubscriberOptions {
  stream: LiveStream;
  access: LiveAccessFilter;
  /** The access epoch the principal was authenticated at. */
  epoch: number;
  /** Authenticates the connection's request again; undefined when its credentials no longer hold. */
  reauthenticate: () => Promise<Principal | undefined>;
  /** The Last-Event-ID the browser resumed from (0 for a fresh connection): rows up to it were seen. */
  resumedAfter: number;
  /** Items waiting for their access decision before the connection counts as stalled. */
  maxPendingItems: number;
  logger: Logger;
}

/**
 * One browser's subscription: items are filtered and written strictly in the
 * order they were handed over (one chain per connection), each through the
 * connection's access filter. When the access epoch moves, the request is
 * authenticated again before the next event: a signed-out browser gets
 * live.unauthorized and the stream ends; otherwise decisions are made afresh.
 */
export class LiveSubscriber {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private epoch: number;
  /** Rows already written by the resume replay: the live path skips them. */
  private readonly replayed = new Set<number>();

  constructor(private readonly options: LiveSubscriberOptions) {
    this.epoch = options.epoch;
  }

  get open(): boolean {
    return this.options.stream.open;
  }

  /** Ends the stream now (what is queued is still sent). */
  close(reason: string): void {
    this.options.stream.end(reason, "close");
  }

  /** Hands over items (and the epoch read just before) to be written after everything handed over earlier. */
  deliver(items: LiveItem[], epoch: number | undefined): void {
    this.enqueue(items.length, () => this.write(items, epoch, false));
  }

  /** Writes the rows missed while disconnected, before any live item handed over after this call. */
  replay(load: () => Promise<{ items: LiveItem[]; resync?: string }>): void {
    this.enqueue(0, async () => {
      const { items, resync } = await load();
      if (resync) this.options.stream.write(eventFrame("live.resync", { reason: resync }));
      await this.write(items, undefined, true);
    });
  }

  /** The heartbeat: keeps the connection alive, and notices an access change even when no event flows. */
  heartbeat(epoch: number | undefined): void {
    if (!this.options.stream.write(commentFrame("heartbeat"))) return;
    if (epoch !== undefined && epoch !== this.epoch) this.enqueue(0, () => this.write([], epoch, false));
  }

  private enqueue(count: number, work: () => Promise<void>): void {
    if (!this.open) return;
    this.pending += count;
    if (this.pending > this.options.maxPendingItems) {
      this.options.stream.end("client too slow: too many events waiting", "abort");
      return;
    }
    this.chain = this.chain
      .then(() => (this.open ? work() : undefined))
      .catch((error: unknown) => {
        this.options.logger.warn("a live connection failed and is closed; the browser reconnects", { error });
        this.options.stream.end("failed", "close");
      })
      .finally(() => {
        this.pending -= count;
      });
  }

  private async write(items: LiveItem[], epoch: number | undefined, replaying: boolean): Promise<void> {
    if (epoch !== undefined && epoch !== this.epoch && !(await this.refreshAccess(epoch))) return;
    const fresh = items.filter((item) => item.outboxId > this.options.resumedAfter && !this.replayed.has(item.outboxId));
    if (fresh.length === 0) return;
    const allowed = new Set(await this.options.access.filter(fresh.flatMap((item) => item.events)));
    for (const item of fresh) {
      if (replaying) this.replayed.add(item.outboxId);
      const sent = item.events.filter((event) => allowed.has(event));
      // The id rides on the row's last event: a browser that resumes from it has had the whole row.
      for (const [index, event] of sent.entries()) {
        if (!this.options.stream.write(eventFrame(event.name, event.data, index === sent.length - 1 ? item.outboxId : undefined))) return;
      }
    }
  }

  /** False (and the stream ended) when the credentials no longer hold. */
  private async refreshAccess(epoch: number): Promise<boolean> {
    const principal = await this.options.reauthenticate();
    if (!principal) {
      this.options.stream.write(eventFrame(UNAUTHORIZED_EVENT, { reason: "the credentials of this connection are no longer valid; sign in again" }));
      this.options.stream.end("credentials no longer valid", "close");
      return false;
    }
    this.options.access.reset(principal);
    this.epoch = epoch;
    return true;
  }
}
