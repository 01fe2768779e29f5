import type { Logger } from "@checkstack/backend-api";
import type { PluginRuntime } from "../plugin-runtime/plugin-runtime";
import type { InstanceRegistry, InstancePluginState } from "./instance-registry";
import type { LoadAttempts } from "./load-attempts";

/**
 * What this instance holds, for checkstack.instance_plugins: the runtime's
 * ready, loading and failed plugins with what they provide and need, plus the
 * plugins it could not even install (unless loaded since).
 */
export function instanceStates(runtime: PluginRuntime, attempts: LoadAttempts): InstancePluginState[] {
  const states = new Map<string, InstancePluginState>();
  const graph = new Map(runtime.dependencyGraph().map((node) => [node.pluginId, node]));
  for (const status of runtime.status()) {
    if (status.state !== "ready" && status.state !== "loading" && status.state !== "failed") continue;
    const node = graph.get(status.pluginId);
    states.set(status.pluginId, {
      pluginId: status.pluginId,
      state: status.state,
      version: status.version,
      loadedAt: status.loadedAt,
      error: status.error,
      provides: node?.provides ?? [],
      needs: node?.needs ?? [],
    });
  }
  for (const [pluginId, failure] of attempts.failures()) {
    if (states.get(pluginId)?.state === "ready") continue;
    states.set(pluginId, { pluginId, state: "failed", version: failure.version, loadedAt: undefined, error: failure.error, provides: [], needs: [] });
  }
  return [...states.values()];
}

/** Tells the cluster; a failure is logged, not thrown: the next change publishes the whole list again. */
export async function publishInstanceStates(registry: InstanceRegistry, states: InstancePluginState[], logger: Logger): Promise<void> {
  await registry.publish(states).catch((error: unknown) => logger.warn("publishing this instance's plugins failed", { error }));
}
