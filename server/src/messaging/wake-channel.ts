import type { Pool } from "pg";
import type { Logger } from "@checkstack/backend-api";
import { ListenConnection } from "../database/listen-connection";
import { LogThrottle } from "../database/log-throttle";

export const WAKE_CHANNEL = "checkstack_wake";
/** Token meaning "new broadcast events in the outbox". Other tokens are pg-boss queue names. */
export const OUTBOX_TOKEN = "outbox";
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD = 7000;

type WakeListener = (token: string) => void;

/**
 * LISTEN/NOTIFY used only as a doorbell: a notification says "look again",
 * never what happened, so one lost during a reconnect costs a little latency
 * and nothing else. Rings are batched: while one NOTIFY is in flight, new
 * tokens gather and leave together in the next, so the NOTIFY rate is bounded
 * by round trips, not by how many events are emitted.
 */
export class WakeChannel {
  private readonly connection: ListenConnection;
  private readonly listeners = new Set<WakeListener>();
  private readonly reconnectListeners = new Set<() => void>();
  private pending = new Set<string>();
  private sending = false;
  private closed = false;
  private readonly throttle: LogThrottle;

  constructor(
    connectionString: string,
    private readonly pool: Pool,
    private readonly logger: Logger,
    applicationName: string,
  ) {
    this.throttle = new LogThrottle();
    // Reconnects on its own, forever, with backoff: an outage longer than any timeout must still end in a reconnect.
    this.connection = new ListenConnection({
      connectionString,
      applicationName,
      channel: WAKE_CHANNEL,
      logger,
      onNotification: (payload) => {
        for (const token of payload.split(" ")) for (const listener of this.listeners) listener(token);
      },
      onConnected: () => {
        for (const listener of this.reconnectListeners) listener();
      },
    });
  }

  async start(): Promise<void> {
    await this.connection.start();
  }

  onWake(listener: WakeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called on every (re)connection: whatever was notified while disconnected must be looked up. */
  onConnected(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  ring(tokens: Iterable<string>): void {
    if (this.closed) return;
    for (const token of tokens) this.pending.add(token);
    if (!this.sending && this.pending.size > 0) void this.flush();
  }

  private async flush(): Promise<void> {
    this.sending = true;
    try {
      while (this.pending.size > 0 && !this.closed) {
        const batch = [...this.pending];
        this.pending = new Set();
        for (const payload of chunk(batch)) {
          await this.pool
            .query("SELECT pg_notify($1, $2)", [WAKE_CHANNEL, payload])
            .catch((error: unknown) => this.throttle.warn(this.logger, "notify", "NOTIFY failed; listeners catch up on their timer", { error }));
        }
      }
    } finally {
      this.sending = false;
    }
  }

  async stop(): Promise<void> {
    this.closed = true;
    await this.connection.stop();
  }
}

function chunk(tokens: string[]): string[] {
  const payloads: string[] = [];
  let current = "";
  for (const token of tokens) {
    if (current && current.length + token.length + 1 > MAX_PAYLOAD) {
      payloads.push(current);
      current = "";
    }
    current = current ? `${current} ${token}` : token;
  }
  if (current) payloads.push(current);
  return payloads;
}
