import type { ExtensionPoint, ExtensionPointCollection, RegisteredExtension } from "@checkstack/backend-api";
import type { ExtensionReader } from "./plugin-registration";

/** Implementations registered for each extension point, kept live as plugins come and go. */
export class ExtensionRegistry implements ExtensionReader {
  private readonly entries = new Map<string, Array<RegisteredExtension<unknown>>>();
  private readonly listeners = new Map<string, Set<() => void>>();

  add(pointId: string, pluginId: string, impl: unknown): void {
    const list = this.entries.get(pointId) ?? [];
    list.push({ pluginId, impl });
    this.entries.set(pointId, list);
    this.notify(pointId);
  }

  removePlugin(pluginId: string): void {
    for (const [pointId, list] of this.entries) {
      const kept = list.filter((entry) => entry.pluginId !== pluginId);
      if (kept.length !== list.length) {
        this.entries.set(pointId, kept);
        this.notify(pointId);
      }
    }
  }

  collection<T>(ref: ExtensionPoint<T>): ExtensionPointCollection<T> {
    return {
      list: () => (this.entries.get(ref.id) ?? []) as ReadonlyArray<RegisteredExtension<T>>,
      onChange: (listener) => {
        const set = this.listeners.get(ref.id) ?? new Set();
        set.add(listener);
        this.listeners.set(ref.id, set);
        return () => set.delete(listener);
      },
    };
  }

  private notify(pointId: string): void {
    for (const listener of this.listeners.get(pointId) ?? []) listener();
  }
}
