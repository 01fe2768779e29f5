import { os, type CatalogRouterDeps } from "./implementer";
import { InputError, NotFoundError } from "@checkstack/backend-api";

const noSuchSystem = (id: string) => new NotFoundError(`No system with id ${id}`);

export function createSystemHandlers({ systems, ownership, announce }: CatalogRouterDeps) {
  return {
    listSystems: os.listSystems.handler(({ input }) => systems.list(input)),

    getSystem: os.getSystem.handler(async ({ input }) => {
      const system = await systems.get(input.systemId);
      if (!system) throw noSuchSystem(input.systemId);
      return system;
    }),

    createSystem: os.createSystem.handler(async ({ input }) => {
      const { teamOnly, ...fields } = input;
      if (fields.ownerTeamId) await ownership.assertTeamExists(fields.ownerTeamId);
      const system = await systems.create(fields);
      // After the insert: a team-only row must exist before the setting that hides it.
      if (fields.ownerTeamId) await ownership.assign(system.id, fields.ownerTeamId, teamOnly);
      await announce("systemCreated", { systemId: system.id, name: system.name });
      return system;
    }),

    updateSystem: os.updateSystem.handler(async ({ input }) => {
      const { systemId, teamOnly, ...changes } = input;
      const current = await systems.get(systemId);
      if (!current) throw noSuchSystem(systemId);
      const nextOwner = changes.ownerTeamId === undefined ? current.ownerTeamId : changes.ownerTeamId;
      if (teamOnly === true && nextOwner === null) throw new InputError("teamOnly needs an owner team: set ownerTeamId as well");
      if (changes.ownerTeamId && changes.ownerTeamId !== current.ownerTeamId) await ownership.assertTeamExists(changes.ownerTeamId);

      const updated = await systems.update(systemId, changes);
      if (!updated) throw noSuchSystem(systemId);
      await ownership.transfer(systemId, current.ownerTeamId, nextOwner);
      // Losing its owner, a team-only system would be left to admins alone: it becomes visible again unless told otherwise.
      const ownerRemoved = current.ownerTeamId !== null && nextOwner === null;
      const nextTeamOnly = teamOnly ?? (ownerRemoved ? false : undefined);
      if (nextTeamOnly !== undefined) await ownership.setTeamOnly(systemId, nextTeamOnly);

      await announce("systemUpdated", { systemId, name: updated.name });
      return updated;
    }),

    deleteSystem: os.deleteSystem.handler(async ({ input }) => {
      const deleted = await systems.delete(input.systemId);
      if (!deleted) throw noSuchSystem(input.systemId);
      await ownership.forget(input.systemId);
      await announce("systemDeleted", { systemId: deleted.id, name: deleted.name });
      return { deleted: true as const };
    }),

    getSystemsByIds: os.getSystemsByIds.handler(async ({ input }) => ({ systems: await systems.getByIds(input.systemIds) })),
  };
}
