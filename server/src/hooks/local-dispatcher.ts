import type { Hook, HookDelivery, HookHandler, Logger } from "@checkstack/backend-api";

interface LocalSubscription {
  pluginId: string;
  handler: HookHandler<unknown>;
}

/**
 * Runs the handlers this process holds for a hook. A failing handler is logged
 * and does not stop the others: one plugin's bug must not silence another's.
 */
export class LocalDispatcher {
  private readonly subscriptions = new Map<string, Set<LocalSubscription>>();

  constructor(private readonly logger: Logger) {}

  add<P>(hookId: string, pluginId: string, handler: HookHandler<P>): () => void {
    const entry: LocalSubscription = { pluginId, handler: handler as HookHandler<unknown> };
    const set = this.subscriptions.get(hookId) ?? new Set();
    set.add(entry);
    this.subscriptions.set(hookId, set);
    return () => set.delete(entry);
  }

  removePlugin(pluginId: string): void {
    for (const set of this.subscriptions.values()) {
      for (const entry of set) if (entry.pluginId === pluginId) set.delete(entry);
    }
  }

  hasSubscribers(hookId: string): boolean {
    return (this.subscriptions.get(hookId)?.size ?? 0) > 0;
  }

  async dispatch<P>(hook: Hook<P> | string, payload: P, delivery: HookDelivery): Promise<void> {
    const hookId = typeof hook === "string" ? hook : hook.id;
    const entries = [...(this.subscriptions.get(hookId) ?? [])];
    await Promise.all(
      entries.map(async (entry) => {
        try {
          await entry.handler(payload, delivery);
        } catch (error) {
          this.logger.error("hook handler failed", { hook: hookId, pluginId: entry.pluginId, error });
        }
      }),
    );
  }
}
