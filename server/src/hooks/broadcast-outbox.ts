import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import type { HookDelivery, Logger } from "@checkstack/backend-api";
import { retryWhileUnavailable } from "../database/retry-unavailable";
import { onceOnlyDelivery } from "./handled-events";
import { LocalDispatcher } from "./local-dispatcher";
import { OutboxReader, type OutboxEvent } from "./outbox-reader";

/** The safety net under NOTIFY: how often each instance looks for events it was not woken for. */
const CATCH_UP_INTERVAL_MS = 2_000;
/** How long a broadcast delivery that failed only because the database was away is retried. */
const BROADCAST_RETRY_MS = 120_000;

type Deliver<P> = (payload: P, delivery: HookDelivery) => Promise<void>;

/**
 * The broadcast side of the hook bus on one instance: its subscribers, and
 * the reader that hands them every checkstack.hook_outbox row past this
 * instance's position, when woken and on a timer.
 */
export class BroadcastOutbox {
  readonly subscribers: LocalDispatcher;
  private readonly reader: OutboxReader;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly taps = new Set<(event: OutboxEvent) => void>();

  constructor(
    pool: Pool,
    logger: Logger,
    private readonly stopped: () => boolean,
  ) {
    this.subscribers = new LocalDispatcher(logger);
    this.reader = new OutboxReader(
      pool,
      (event) => {
        for (const tap of this.taps) tap(event);
        return this.subscribers.dispatch(event.hookId, event.payload, onceOnlyDelivery(event.eventId ?? randomUUID(), "broadcast"));
      },
      logger,
    );
  }

  /** Takes the present as the starting position, then reads on a timer as well as on wake-ups. */
  async start(): Promise<void> {
    await this.reader.start();
    this.timer = setInterval(() => void this.catchUp(), CATCH_UP_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  catchUp(): Promise<void> {
    return this.reader.catchUp();
  }

  /**
   * The outbox reader has moved past the event once it is handed over: a handler whose
   * transaction died with its connection (a restart, a cut connection) must run again, or the
   * event is lost on this instance. Work-queue jobs get this from pg-boss's retries.
   */
  add<P>(hookId: string, pluginId: string, run: Deliver<P>): () => void {
    const deliver = (payload: P, delivery: HookDelivery) => retryWhileUnavailable(() => run(payload, delivery), { deadlineMs: BROADCAST_RETRY_MS, stopped: this.stopped });
    return this.subscribers.add(hookId, pluginId, deliver);
  }

  /**
   * Platform-internal: sees every outbox row as this instance reads it, with its position (the live
   * stream's event ids). Must not block: it runs on the reader's path.
   */
  tap(listener: (event: OutboxEvent) => void): () => void {
    this.taps.add(listener);
    return () => void this.taps.delete(listener);
  }

  pendingGaps(): number {
    return this.reader.pendingGaps();
  }
}
