import createSubscriber, { type Subscriber } from "pg-listen";
import type { Pool } from "pg";
import type { Logger } from "@checkstack/backend-api";

export const OUTBOX_CHANNEL = "checkstack_outbox";
export const JOBS_CHANNEL = "checkstack_jobs";

type WakeListener = (payload: string) => void;

/**
 * LISTEN/NOTIFY used only as a doorbell: a notification says "look again",
 * never what happened, so a notification lost during a reconnect costs a
 * little latency and nothing else. Sending is coalesced: while one NOTIFY
 * for a (channel, payload) is in flight, further requests fold into one more.
 */
export class WakeChannel {
  private readonly subscriber: Subscriber<Record<string, string>>;
  private readonly listeners = new Map<string, Set<WakeListener>>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly sending = new Map<string, "sending" | "again">();
  private closed = false;

  constructor(
    connectionString: string,
    private readonly pool: Pool,
    private readonly logger: Logger,
    applicationName: string,
  ) {
    this.subscriber = createSubscriber(
      { connectionString, application_name: applicationName.slice(0, 63) },
      {
        parse: (text: string) => text,
        serialize: (text: string) => text,
        // Never give up: an outage longer than any timeout must still end in a reconnect.
        retryLimit: Infinity,
        retryTimeout: 0,
        retryInterval: (attempt) => Math.min(2000, 100 * 2 ** attempt),
        paranoidChecking: 10_000,
      },
    );
    this.subscriber.events.on("error", (error) => this.logger.error("LISTEN connection failed for good", { error }));
    this.subscriber.events.on("reconnect", (attempt) => this.logger.warn("LISTEN connection lost; reconnecting", { attempt }));
    this.subscriber.events.on("connected", () => {
      for (const listener of this.reconnectListeners) listener();
    });
    this.subscriber.events.on("notification", ({ channel, payload }) => {
      for (const listener of this.listeners.get(channel) ?? []) listener(typeof payload === "string" ? payload : "");
    });
  }

  async start(channels: string[]): Promise<void> {
    await this.subscriber.connect();
    for (const channel of channels) await this.subscriber.listenTo(channel);
  }

  onWake(channel: string, listener: WakeListener): () => void {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
    return () => set.delete(listener);
  }

  /** Called on every (re)connection: whatever was notified while disconnected must be looked up. */
  onConnected(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  ring(channel: string, payload = ""): void {
    if (this.closed) return;
    const key = `${channel}\u0000${payload}`;
    const state = this.sending.get(key);
    if (state) {
      this.sending.set(key, "again");
      return;
    }
    this.sending.set(key, "sending");
    const send = (): void => {
      this.pool
        .query("SELECT pg_notify($1, $2)", [channel, payload])
        .catch((error: unknown) => this.logger.warn("NOTIFY failed; listeners will catch up on their timer", { channel, error }))
        .finally(() => {
          if (this.sending.get(key) === "again" && !this.closed) {
            this.sending.set(key, "sending");
            send();
          } else {
            this.sending.delete(key);
          }
        });
    };
    send();
  }

  async stop(): Promise<void> {
    this.closed = true;
    await this.subscriber.close().catch(() => undefined);
  }
}
