import { useEffect, useRef } from "react";

/** A live event as a screen receives it: its name, its JSON data, and the stream's id for it (if any). */
export interface LiveMessage {
  name: string;
  data: unknown;
}

export type LiveHandler = (message: LiveMessage) => void;

/** Sent by the server when the browser may have missed events it cannot replay: reload what is shown. */
export const LIVE_RESYNC = "live.resync";
/** Sent by the server first on every (re)connection. */
export const LIVE_READY = "live.ready";

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * The browser's one connection to GET /api/live, shared by the shell and
 * every plugin (this module has one instance: the shell lends it). Screens
 * subscribe by event name; the connection adds the EventSource listener for
 * a name when the first subscriber for it arrives.
 *
 * EventSource reconnects by itself after a dropped stream (sending
 * Last-Event-ID, so the server replays what was missed). When the server
 * refuses a reconnection outright (a stopping instance's 503), EventSource
 * gives up; this class then opens a new one after a growing delay, carrying
 * the last id received as ?lastEventId=.
 */
export class LiveConnection {
  private source: EventSource | undefined;
  private readonly handlers = new Map<string, Set<LiveHandler>>();
  private readonly listening = new Set<string>();
  private lastEventId: string | undefined;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private wanted = false;

  constructor(private readonly url = "/api/live") {}

  /** Opens the stream (once signed in: anonymous callers get a 401). */
  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.open();
  }

  /** Closes the stream (signed out). */
  stop(): void {
    this.wanted = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.source?.close();
    this.source = undefined;
    this.listening.clear();
  }

  subscribe(name: string, handler: LiveHandler): () => void {
    const set = this.handlers.get(name) ?? new Set<LiveHandler>();
    set.add(handler);
    this.handlers.set(name, set);
    this.listen(name);
    return () => {
      set.delete(handler);
    };
  }

  private open(): void {
    if (typeof EventSource === "undefined") return;
    const url = this.lastEventId ? `${this.url}?lastEventId=${encodeURIComponent(this.lastEventId)}` : this.url;
    const source = new EventSource(url, { withCredentials: true });
    this.source = source;
    this.listening.clear();
    for (const name of [...this.handlers.keys(), LIVE_READY]) this.listen(name);
    source.addEventListener("error", () => {
      if (source.readyState !== EventSource.CLOSED || !this.wanted || this.source !== source) return;
      // Refused (not merely dropped): EventSource will not try again on its own.
      this.source = undefined;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        if (this.wanted) this.open();
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    });
  }

  private listen(name: string): void {
    const source = this.source;
    if (!source || this.listening.has(name)) return;
    this.listening.add(name);
    source.addEventListener(name, (event) => {
      const message = event as MessageEvent<string>;
      if (message.lastEventId) this.lastEventId = message.lastEventId;
      if (name === LIVE_READY) this.retryMs = FIRST_RETRY_MS;
      let data: unknown = null;
      try {
        data = JSON.parse(message.data) as unknown;
      } catch {
        return;
      }
      for (const handler of [...(this.handlers.get(name) ?? [])]) {
        try {
          handler({ name, data });
        } catch (error) {
          // Reported as an uncaught error would be, without keeping the other handlers from running.
          reportError(error);
        }
      }
    });
  }
}

/** The page's live connection; the shell starts it once someone is signed in. */
export const liveConnection = new LiveConnection();

/**
 * Calls `handler` for each live event named in `names` while the component is
 * mounted. The latest handler is used, so it may close over current state.
 */
export function useLiveEvents(names: readonly string[], handler: LiveHandler): void {
  const latest = useRef(handler);
  latest.current = handler;
  const key = names.join("\u0000");
  useEffect(() => {
    const unsubscribe = key.split("\u0000").map((name) => liveConnection.subscribe(name, (message) => latest.current(message)));
    return () => unsubscribe.forEach((stop) => stop());
  }, [key]);
}
