import type { Hook, HookHandler, HookSubscribeOptions, Unsubscribe } from "@checkstack/backend-api";

/** The platform's hook system as the plugin runtime uses it. */
export interface HookBus {
  subscribe<P>(pluginId: string, hook: Hook<P>, handler: HookHandler<P>, options?: HookSubscribeOptions): Unsubscribe;
  /** Delivers according to each subscription's mode, across the cluster. */
  emit<P>(hook: Hook<P>, payload: P): Promise<void>;
  /** Delivers to this instance's subscribers only, whatever their mode. */
  emitLocal<P>(hook: Hook<P>, payload: P): Promise<void>;
  /** Drops every subscription of a plugin (and stops its queue workers). */
  unsubscribePlugin(pluginId: string): Promise<void>;
  /** Resolves once every subscription made so far is recorded cluster-wide and its workers run. */
  settle(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
