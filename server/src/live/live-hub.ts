import type { Logger } from "@checkstack/backend-api";
import type { OutboxEvent } from "../hooks/outbox-reader";
import type { LivePublications } from "./live-publications";
import type { LiveItem, LiveSubscriber } from "./live-subscriber";

export interface LiveHubOptions {
  publications: LivePublications;
  /** The cluster's access epoch now (one read serves every connection of this instance). */
  readEpoch: () => Promise<number>;
  logger: Logger;
  heartbeatMs: number;
}

/**
 * Fans the broadcast events this instance reads out to its live connections.
 * Rows arrive from the outbox reader (the same path broadcast subscribers
 * take, so an emit on any instance arrives here); rows of hooks nobody
 * publishes, or arriving while nobody is connected, are dropped at once.
 * Rows are gathered while the previous batch is being handed over, and each
 * batch carries one epoch read for all connections.
 */
export class LiveHub {
  private readonly subscribers = new Set<LiveSubscriber>();
  private inbox: LiveItem[] = [];
  private draining = false;
  private closed = false;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly options: LiveHubOptions) {
    this.timer = setInterval(() => void this.beat(), options.heartbeatMs);
    this.timer.unref();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get size(): number {
    return this.subscribers.size;
  }

  add(subscriber: LiveSubscriber): void {
    if (this.closed) return;
    this.subscribers.add(subscriber);
  }

  remove(subscriber: LiveSubscriber): void {
    this.subscribers.delete(subscriber);
  }

  /** The outbox tap: must not block the reader. */
  accept(event: OutboxEvent): void {
    if (this.closed || this.subscribers.size === 0 || !this.options.publications.has(event.hookId)) return;
    const events = this.options.publications.eventsOf(event.hookId, event.payload);
    if (events.length === 0) return;
    this.inbox.push({ outboxId: event.id, events });
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.inbox.length > 0 && !this.closed) {
        const batch = this.inbox;
        this.inbox = [];
        const epoch = await this.epochOrUndefined();
        for (const subscriber of this.subscribers) subscriber.deliver(batch, epoch);
      }
    } finally {
      this.draining = false;
    }
  }

  private async beat(): Promise<void> {
    if (this.subscribers.size === 0) return;
    const epoch = await this.epochOrUndefined();
    for (const subscriber of this.subscribers) subscriber.heartbeat(epoch);
  }

  /** Undefined when the database is away: events still flow on the decisions already made. */
  private async epochOrUndefined(): Promise<number | undefined> {
    try {
      return await this.options.readEpoch();
    } catch (error) {
      this.options.logger.warn("reading the access epoch for live connections failed", { error });
      return undefined;
    }
  }

  /** Shutdown: ends every stream (browsers reconnect elsewhere) and accepts none after. */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.inbox = [];
    for (const subscriber of this.subscribers) subscriber.close("this instance is stopping");
    this.subscribers.clear();
  }
}
