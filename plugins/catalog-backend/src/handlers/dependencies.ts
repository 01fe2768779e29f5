import { NotFoundError } from "@checkstack/backend-api";
import { os, type CatalogRouterDeps } from "./implementer";

export function createDependencyHandlers({ dependencies, systems }: CatalogRouterDeps) {
  return {
    listDependencies: os.listDependencies.handler(async ({ input }) => {
      if (!(await systems.get(input.systemId))) throw new NotFoundError(`No system with id ${input.systemId}`);
      return { systemId: input.systemId, ...(await dependencies.related(input.systemId)) };
    }),

    addDependency: os.addDependency.handler(({ input }) => dependencies.add(input.systemId, input.dependsOnSystemId, input.impact)),

    removeDependency: os.removeDependency.handler(async ({ input }) => ({ changed: await dependencies.remove(input.systemId, input.dependsOnSystemId) })),

    getSystemContexts: os.getSystemContexts.handler(async ({ input }) => ({ systems: await dependencies.contexts(input.systemIds) })),
  };
}
