import type { AnyRouter } from "@orpc/server";

/** The routers mounted at /api/<pluginId>/, replaced as plugins are loaded and removed. */
export class RouterRegistry {
  private readonly routers = new Map<string, AnyRouter>();
  private readonly listeners = new Set<(pluginId: string, router: AnyRouter | undefined) => void>();

  mount(pluginId: string, router: AnyRouter): void {
    if (this.routers.has(pluginId)) throw new Error(`plugin "${pluginId}" already registered a router`);
    this.routers.set(pluginId, router);
    for (const listener of this.listeners) listener(pluginId, router);
  }

  unmount(pluginId: string): void {
    if (!this.routers.delete(pluginId)) return;
    for (const listener of this.listeners) listener(pluginId, undefined);
  }

  get(pluginId: string): AnyRouter | undefined {
    return this.routers.get(pluginId);
  }

  pluginIds(): string[] {
    return [...this.routers.keys()];
  }

  onChange(listener: (pluginId: string, router: AnyRouter | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
