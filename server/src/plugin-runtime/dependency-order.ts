export interface OrderingNode {
  pluginId: string;
  provides: ReadonlyArray<string>;
  needs: ReadonlyArray<string>;
}

export class PluginOrderError extends Error {
  constructor(
    message: string,
    readonly pluginIds: ReadonlyArray<string>,
  ) {
    super(message);
    this.name = "PluginOrderError";
  }
}

/**
 * Orders plugins so every plugin initialises after the plugins whose services
 * it needs. Ties keep the input order, so boots are reproducible. Services
 * provided by already-running plugins count as available.
 */
export function orderByDependencies(nodes: ReadonlyArray<OrderingNode>, available: ReadonlySet<string> = new Set()): string[] {
  const providerOf = new Map<string, string>();
  for (const node of nodes) {
    for (const service of node.provides) {
      const existing = providerOf.get(service);
      if (existing) {
        throw new PluginOrderError(`service "${service}" is provided by both "${existing}" and "${node.pluginId}"`, [
          existing,
          node.pluginId,
        ]);
      }
      providerOf.set(service, node.pluginId);
    }
  }
  const edges = new Map<string, string[]>();
  for (const node of nodes) {
    const providers: string[] = [];
    for (const service of node.needs) {
      const provider = providerOf.get(service);
      if (provider === undefined) {
        if (available.has(service)) continue;
        throw new PluginOrderError(`plugin "${node.pluginId}" needs service "${service}", which no plugin provides`, [
          node.pluginId,
        ]);
      }
      if (provider !== node.pluginId) providers.push(provider);
    }
    edges.set(node.pluginId, providers);
  }

  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (pluginId: string, path: string[]): void => {
    const seen = state.get(pluginId);
    if (seen === "done") return;
    if (seen === "visiting") {
      const cycle = [...path.slice(path.indexOf(pluginId)), pluginId];
      throw new PluginOrderError(`plugin dependency cycle: ${cycle.join(" -> ")}`, cycle);
    }
    state.set(pluginId, "visiting");
    for (const provider of edges.get(pluginId) ?? []) visit(provider, [...path, pluginId]);
    state.set(pluginId, "done");
    order.push(pluginId);
  };
  for (const node of nodes) visit(node.pluginId, []);
  return order;
}
