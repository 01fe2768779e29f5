import { os, type CatalogRouterDeps } from "./implementer";
import { NotFoundError } from "@checkstack/backend-api";

const noSuchGroup = (id: string) => new NotFoundError(`No group with id ${id}`);

export function createGroupHandlers({ groups }: CatalogRouterDeps) {
  return {
    listGroups: os.listGroups.handler(async () => ({ groups: await groups.list() })),

    createGroup: os.createGroup.handler(({ input }) => groups.create(input)),

    updateGroup: os.updateGroup.handler(async ({ input }) => {
      const { groupId, ...changes } = input;
      const updated = await groups.update(groupId, changes);
      if (!updated) throw noSuchGroup(groupId);
      return updated;
    }),

    deleteGroup: os.deleteGroup.handler(async ({ input }) => {
      if (!(await groups.delete(input.groupId))) throw noSuchGroup(input.groupId);
      return { deleted: true as const };
    }),

    addSystemToGroup: os.addSystemToGroup.handler(async ({ input }) => ({ changed: await groups.addSystem(input.groupId, input.systemId) })),

    removeSystemFromGroup: os.removeSystemFromGroup.handler(async ({ input }) => ({
      changed: await groups.removeSystem(input.groupId, input.systemId),
    })),

    listGroupSystems: os.listGroupSystems.handler(async ({ input }) => ({ systems: await groups.listSystems(input.groupId) })),
  };
}
