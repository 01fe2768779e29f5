import type { AccessRule } from "@checkstack/common";

/** A typed event. Payloads must be JSON-serialisable: they cross process boundaries. */
export interface Hook<P> {
  readonly id: string;
  readonly __payload?: (payload: P) => P;
}

/** Declares a hook: its id (conventionally "<pluginId>.<event>") and, through P, its payload type. Hook semantics: README.md, "Hook semantics" (explained once there). */
export function createHook<P>(id: string): Hook<P> {
  return { id };
}

/** The payload type of a hook. */
export type PayloadOf<H> = H extends Hook<infer P> ? P : never;

/**
 * - broadcast: every instance's subscribers run, once per instance
 * - work-queue: one instance per worker group handles each event
 * - instance-local: in this process only
 * Guarantees of each (storage, retries, commit): README.md, "Hook semantics".
 */
export type HookMode = "broadcast" | "work-queue" | "instance-local";

/** How a subscription is delivered (mode, and for work-queue its group, retries and timeout). Hook semantics: README.md, "Hook semantics" (explained once there). */
export interface HookSubscribeOptions {
  mode?: HookMode;
  /** work-queue only: subscribers in the same group share the work. Namespaced by plugin id. */
  workerGroup?: string;
  /** work-queue only: attempts after the first before the event goes to the dead-letter queue. */
  maxRetries?: number;
  /** work-queue only: seconds a handler may run before its event is handed to another instance (default 60). */
  timeoutSeconds?: number;
}

/**
 * What a handler learns about the delivery it is running. Work-queue delivery
 * is at least once: an instance that dies (or stalls past `timeoutSeconds`)
 * mid-handler has its event handed to another instance, so a handler may run
 * twice for one event. For exactly-once effects, call `markHandled()` first
 * and return at once when it answers false.
 */
export interface HookDelivery {
  /** The event's id, the same for every delivery (and redelivery) of one emit. */
  readonly eventId: string;
  readonly mode: HookMode;
  /**
   * work-queue only: records "this subscription handled this event" in the
   * handler's own transaction. True: first time, go ahead. False: a previous
   * delivery committed its effects already; do nothing. Because the mark
   * commits or rolls back with the handler's writes, a handler that died
   * before committing leaves no mark and the redelivery does the work.
   * Throws in the other modes (no redelivery happens there).
   */
  markHandled(): Promise<boolean>;
}

/** A subscriber; a work-queue handler that throws is retried. Hook semantics: README.md, "Hook semantics" (explained once there). */
export type HookHandler<P> = (payload: P, delivery: HookDelivery) => Promise<void> | void;
/** Ends a subscription (returned by onHook). */
export type Unsubscribe = () => Promise<void>;

/** Subscribes to a hook (afterPluginsReady's onHook). Hook semantics: README.md, "Hook semantics" (explained once there). */
export type OnHook = <P>(hook: Hook<P>, handler: HookHandler<P>, options?: HookSubscribeOptions) => Unsubscribe;
/** Emits a hook; inside a transaction, delivered only if it commits. Hook semantics: README.md, "Hook semantics" (explained once there). */
export type EmitHook = <P>(hook: Hook<P>, payload: P) => Promise<void>;

/** The platform's own hooks: plugin lifecycle, access rules, config changes, shutdown. Hook semantics: README.md, "Hook semantics" (explained once there). */
export const coreHooks = {
  accessRulesRegistered: createHook<{ pluginId: string; accessRules: AccessRule[] }>("core.accessRulesRegistered"),
  configUpdated: createHook<{ pluginId: string; key: string; value: unknown }>("core.configUpdated"),
  pluginInitialized: createHook<{ pluginId: string }>("core.pluginInitialized"),
  pluginInstallationRequested: createHook<{ pluginId: string; pluginPath: string }>("core.pluginInstallationRequested"),
  pluginInstalling: createHook<{ pluginId: string }>("core.pluginInstalling"),
  pluginInstalled: createHook<{ pluginId: string }>("core.pluginInstalled"),
  pluginDeregistrationRequested: createHook<{ pluginId: string; deleteSchema: boolean }>(
    "core.pluginDeregistrationRequested",
  ),
  pluginDeregistering: createHook<{ pluginId: string; reason: string }>("core.pluginDeregistering"),
  pluginDeregistered: createHook<{ pluginId: string }>("core.pluginDeregistered"),
  platformShutdown: createHook<{ reason: string }>("core.platformShutdown"),
} as const;
