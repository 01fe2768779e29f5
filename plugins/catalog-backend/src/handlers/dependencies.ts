import { NotFoundError } from "@checkstack/backend-api";
import { os, type CatalogRouterDeps } from "./implementer";

export function createDependencyHandlers({ dependencies, systems, announce }: CatalogRouterDeps) {
  /** A dependency is part of the dependant: its change is a systemUpdated (status pages redraw "degraded because …"). */
  const updated = async (systemId: string) => {
    const system = await systems.get(systemId);
    if (system) await announce("systemUpdated", { systemId, name: system.name });
  };
  return {
    listDependencies: os.listDependencies.handler(async ({ input }) => {
      if (!(await systems.get(input.systemId))) throw new NotFoundError(`No system with id ${input.systemId}`);
      return { systemId: input.systemId, ...(await dependencies.related(input.systemId)) };
    }),

    addDependency: os.addDependency.handler(async ({ input }) => {
      const dependency = await dependencies.add(input.systemId, input.dependsOnSystemId, input.impact);
      await updated(input.systemId);
      return dependency;
    }),

    removeDependency: os.removeDependency.handler(async ({ input }) => {
      const changed = await dependencies.remove(input.systemId, input.dependsOnSystemId);
      if (changed) await updated(input.systemId);
      return { changed };
    }),

    getSystemContexts: os.getSystemContexts.handler(async ({ input }) => ({ systems: await dependencies.contexts(input.systemIds) })),
  };
}
