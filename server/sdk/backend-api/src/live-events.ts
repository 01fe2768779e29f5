import type { Hook } from "./hooks";

/**
 * Who may receive a live event: principals the platform's SQL access decision
 * allows `rule` (a qualified rule id, e.g. "catalog.system.read"), on
 * `resource` when one is named. Several audiences on one event must all allow.
 */
export interface LiveAudience {
  rule: string;
  resource?: { type: string; id: string };
}

/** One message of the live stream (GET /api/live), as a browser receives it. */
export interface LiveEvent {
  /** The server-sent event's name, conventionally "<pluginId>.<thing>.<change>". */
  name: string;
  /** JSON-serialisable; what the browser receives as the event's data. */
  data: unknown;
  /** Every one must allow the connected principal, or the event is not sent to it. */
  audience: LiveAudience[];
}

/**
 * Turns the events of one hook into messages of the live stream. The hook must
 * be emitted with emitHook (it travels through the broadcast outbox, so an
 * emit on any instance reaches browsers connected to every instance, and a
 * reconnecting browser can be given what it missed). `toEvents` runs once per
 * instance per emit and must be cheap and pure; it may return no events.
 */
export interface LivePublication<P> {
  hook: Hook<P>;
  toEvents(payload: P): LiveEvent[];
}

/**
 * Publishes a plugin's hooks to the browsers' live stream (GET /api/live).
 * Publications end when the plugin is unloaded.
 */
export interface LiveEventsService {
  /** Forwards every emit of `publication.hook` to the connected browsers allowed to read it. */
  publish<P>(publication: LivePublication<P>): void;
}
