import type pg from "pg";
import type { Logger } from "@checkstack/backend-api";
import { guardedClientClass } from "./guarded-pool";
import { LogThrottle } from "./log-throttle";

export interface ListenConnectionOptions {
  connectionString: string;
  applicationName: string;
  channel: string;
  logger: Logger;
  onNotification(payload: string): void;
  /** After LISTEN is in place, on the first connection and every reconnection. */
  onConnected(): void;
}

const MAX_BACKOFF_MS = 2_000;
/** A connection cut without a reset (a failover, a dropped route) says nothing: a periodic statement finds it. */
const HEARTBEAT_MS = 10_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

/**
 * One dedicated LISTEN connection that never gives up: when it is lost it is
 * reopened with capped exponential backoff (and jitter, so a cluster does not
 * reconnect in lockstep), LISTEN is issued again, and onConnected tells the
 * owner to look up whatever it was not notified of meanwhile. At most one
 * statement is ever in flight on it.
 */
export class ListenConnection {
  private client: pg.Client | undefined;
  private listening = false;
  private closed = false;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly heartbeatTimer: ReturnType<typeof setInterval>;
  private heartbeatRunning = false;
  private readonly throttle: LogThrottle;

  constructor(private readonly options: ListenConnectionOptions) {
    this.throttle = new LogThrottle();
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  /** The first connection: a failure here is the caller's (boot fails), not retried. */
  async start(): Promise<void> {
    try {
      await this.open();
    } catch (error) {
      this.closed = true;
      clearInterval(this.heartbeatTimer);
      throw error;
    }
  }

  private async open(): Promise<void> {
    const Client = guardedClientClass((error) => this.drop(client, error));
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: this.options.applicationName.slice(0, 63),
      keepAlive: true,
    });
    this.client = client;
    client.on("end", () => this.drop(client));
    client.on("notification", (message) => {
      if (message.channel === this.options.channel) this.options.onNotification(message.payload ?? "");
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.options.channel)}`);
    } catch (error) {
      this.drop(client, error);
      throw error;
    }
    if (this.client !== client) return;
    this.listening = true;
    if (this.attempt > 0) this.options.logger.info("LISTEN connection restored", { attempts: this.attempt });
    this.attempt = 0;
    this.options.onConnected();
  }

  /** Forgets `client` if it is the current one, and schedules the next connection. Idempotent. */
  private drop(client: pg.Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.listening = false;
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.throttle.warn(this.options.logger, "lost", "LISTEN connection lost; reconnecting", { error });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const backoff = Math.min(MAX_BACKOFF_MS, 100 * 2 ** this.attempt);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.closed) return;
      // A failure has dropped the client and scheduled the next attempt already.
      this.open().catch(() => undefined);
    }, backoff / 2 + Math.random() * (backoff / 2));
  }

  private async heartbeat(): Promise<void> {
    const client = this.client;
    if (!client || !this.listening || this.heartbeatRunning) return;
    this.heartbeatRunning = true;
    try {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("LISTEN connection heartbeat timed out")), HEARTBEAT_TIMEOUT_MS);
      });
      await Promise.race([client.query("SELECT 1"), timeout]).finally(() => clearTimeout(timer));
    } catch (error) {
      this.drop(client, error);
    } finally {
      this.heartbeatRunning = false;
    }
  }

  async stop(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeatTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
