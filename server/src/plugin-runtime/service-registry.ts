import type { ServiceRef } from "@checkstack/backend-api";

/** Services plugins registered for each other, by service id. */
export class ServiceRegistry {
  private readonly services = new Map<string, { pluginId: string; impl: unknown }>();

  register(pluginId: string, ref: ServiceRef<unknown>, impl: unknown): void {
    const existing = this.services.get(ref.id);
    if (existing && existing.pluginId !== pluginId) {
      throw new Error(`service "${ref.id}" is already provided by "${existing.pluginId}"`);
    }
    this.services.set(ref.id, { pluginId, impl });
  }

  has(id: string): boolean {
    return this.services.has(id);
  }

  ids(): ReadonlySet<string> {
    return new Set(this.services.keys());
  }

  get(id: string): unknown {
    const entry = this.services.get(id);
    if (!entry) throw new Error(`service "${id}" is not available`);
    return entry.impl;
  }

  removePlugin(pluginId: string): void {
    for (const [id, entry] of this.services) if (entry.pluginId === pluginId) this.services.delete(id);
  }
}
