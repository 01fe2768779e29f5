import type { Logger } from "@checkstack/backend-api";
import type { PluginRuntime } from "../plugin-runtime/plugin-runtime";
import type { LoadAttempts } from "./load-attempts";
import type { PluginLocator } from "./plugin-locator";
import type { PluginStore } from "./plugin-store";

/** What the reconciler needs from this instance's plugin lifecycle (LocalPlugins). */
export interface ReconcileTarget {
  runtime: PluginRuntime;
  store: PluginStore;
  locator: PluginLocator;
  attempts: LoadAttempts;
  logger: Logger;
  stopped: () => boolean;
  run: <T>(work: () => Promise<T>) => Promise<T>;
  loadWhenDecided: (pluginId: string) => Promise<void>;
  unloadNow: (pluginId: string, reason: string, options: { removeFiles: boolean }) => Promise<void>;
}

/**
 * The safety net under the broadcasts (an instance booting during an
 * install misses its event): load what is enabled but was never tried
 * here, unload what was disabled or removed. `protectedIds` are never unloaded.
 */
export async function reconcilePlugins(target: ReconcileTarget, protectedIds: ReadonlySet<string>): Promise<void> {
  if (target.stopped()) return;
  const records = new Map((await target.store.records()).map((record) => [record.id, record]));
  for (const record of records.values()) {
    if (!record.enabled || record.source === "bundled" || target.runtime.isLoaded(record.id) || target.attempts.wasAttempted(record.id)) continue;
    // Only what this instance could find or install: a record of something loaded by other means (a test harness, say) is not ours to load.
    if (!target.locator.canProvide(record)) continue;
    target.attempts.markAttempted(record.id);
    void target.loadWhenDecided(record.id).catch((error: unknown) => target.logger.error("loading a plugin failed", { pluginId: record.id, error }));
  }
  for (const { pluginId } of target.runtime.dependencyGraph()) {
    const record = records.get(pluginId);
    if (protectedIds.has(pluginId) || record?.enabled) continue;
    await target.run(() => target.unloadNow(pluginId, record ? "disabled" : "removed", { removeFiles: !record }));
  }
}
