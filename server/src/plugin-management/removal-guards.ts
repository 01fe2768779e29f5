import type { PluginRuntime } from "../plugin-runtime/plugin-runtime";
import type { InstanceRegistry } from "./instance-registry";
import type { PluginRow, PluginStore } from "./plugin-store";
import { ConflictError, ForbiddenError, NotFoundError } from "@checkstack/backend-api";

/**
 * What may not be removed or disabled: a plugin bundled with the platform,
 * and a plugin that enabled plugins need a service of. Dependents are what
 * this instance runs plus what every instance reported, so a dependent
 * installed through another instance counts before this one loaded it.
 */
export async function assertRemovable(
  deps: { store: PluginStore; runtime: PluginRuntime; registry: InstanceRegistry },
  pluginId: string,
  verb: "removed" | "disabled",
): Promise<PluginRow> {
  const record = await deps.store.record(pluginId);
  if (!record) throw new NotFoundError(`no plugin "${pluginId}" is installed`);
  if (record.source === "bundled") throw new ForbiddenError(`plugin "${pluginId}" is bundled with the platform and cannot be ${verb}`);
  const graph = deps.runtime.dependencyGraph();
  const provides = new Set(graph.find((node) => node.pluginId === pluginId)?.provides ?? []);
  const found = new Map<string, Set<string>>();
  for (const node of graph) {
    const needed = node.needs.filter((service) => provides.has(service));
    if (node.pluginId !== pluginId && needed.length > 0) found.set(node.pluginId, new Set(needed));
  }
  for (const dependent of await deps.registry.dependentsOf(pluginId)) {
    found.set(dependent.pluginId, new Set([...(found.get(dependent.pluginId) ?? []), ...dependent.services]));
  }
  if (found.size === 0) return record;
  const names = [...found.keys()].sort();
  const services = [...new Set([...found.values()].flatMap((set) => [...set]))].sort();
  throw new ConflictError(
    `plugin "${pluginId}" cannot be ${verb}: ${names.map((name) => `"${name}"`).join(", ")} need${names.length === 1 ? "s" : ""} ` +
      `${services.map((service) => `"${service}"`).join(", ")} from it; remove or disable ${names.length === 1 ? "it" : "them"} first`,
    { data: { dependents: names } },
  );
}
