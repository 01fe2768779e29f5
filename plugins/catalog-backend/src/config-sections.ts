import { callerClient, defineConfigSection, type ConfigReferences, type ConfigSection, type RpcClient } from "@checkstack/backend-api";
import { CatalogApi, MAX_SYSTEM_PAGE, type System } from "@checkstack/catalog-common";
import { z } from "zod";

const name = z.string().trim().min(1).max(200);
const description = z.string().max(2000).optional();

const SystemItemSchema = z.object({ name, description, team: z.string().min(1).optional() }).strict();
type SystemItem = z.infer<typeof SystemItemSchema>;

const GroupItemSchema = z
  .object({ name, description, systems: z.array(z.string().min(1)).default([]).transform((names) => [...new Set(names)].sort()) })
  .strict();

/**
 * The `systems` and `groups` sections of checkstack.yaml. They call the catalog's own procedures
 * in-process as the caller (same checks, hooks and ownership grants as the API), inside the config
 * apply's transaction. (System dependencies are not on main yet, so `dependsOn` is not offered.)
 */
export function catalogConfigSections(rpcClient: () => RpcClient | undefined): ConfigSection[] {
  const client = () => callerClient(rpcClient(), CatalogApi);

  const listSystems = async (): Promise<System[]> => {
    const all: System[] = [];
    let cursor: string | undefined;
    do {
      const page = await client().listSystems({ limit: MAX_SYSTEM_PAGE, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  };

  const teamId = (item: SystemItem, references: ConfigReferences) => (item.team === undefined ? null : references.idOf("teams", item.team, "team"));

  const systems = defineConfigSection({
    name: "systems",
    schema: SystemItemSchema,
    references: ["teams"],
    async export(references) {
      return (await listSystems()).map((system) => {
        const team = system.ownerTeamId ? references.nameOf("teams", system.ownerTeamId) : undefined;
        return { id: system.id, item: { name: system.name, ...(system.description ? { description: system.description } : {}), ...(team ? { team } : {}) } };
      });
    },
    async apply(change, references) {
      if (change.action === "delete") {
        await client().deleteSystem({ systemId: change.id });
        return undefined;
      }
      const { item } = change;
      const ownerTeamId = teamId(item, references);
      if (change.action === "create") {
        const created = await client().createSystem({ name: item.name, ...(item.description ? { description: item.description } : {}), ...(ownerTeamId ? { ownerTeamId } : {}) });
        return { id: created.id };
      }
      await client().updateSystem({ systemId: change.id, description: item.description ?? null, ownerTeamId });
      return undefined;
    },
  });

  const groups = defineConfigSection({
    name: "groups",
    schema: GroupItemSchema,
    references: ["systems"],
    async export(references) {
      const { groups: all } = await client().listGroups();
      return Promise.all(
        all.map(async (group) => {
          const members = (await client().listGroupSystems({ groupId: group.id })).systems;
          const names = members.map((system) => references.nameOf("systems", system.id) ?? system.name).sort();
          return { id: group.id, item: { name: group.name, ...(group.description ? { description: group.description } : {}), systems: names } };
        }),
      );
    },
    async apply(change, references) {
      if (change.action === "delete") {
        await client().deleteGroup({ groupId: change.id });
        return undefined;
      }
      const { item } = change;
      const groupId = change.action === "create" ? (await client().createGroup({ name: item.name, ...(item.description ? { description: item.description } : {}) })).id : change.id;
      const before = change.action === "update" ? change.before : { name: item.name, systems: [] as string[] };
      if (change.action === "update" && (before.description ?? null) !== (item.description ?? null)) {
        await client().updateGroup({ groupId, description: item.description ?? null });
      }
      for (const [index, system] of item.systems.entries()) {
        if (!before.systems.includes(system)) await client().addSystemToGroup({ groupId, systemId: references.idOf("systems", system, `systems.${index}`) });
      }
      for (const system of before.systems.filter((entry) => !item.systems.includes(entry))) {
        await client().removeSystemFromGroup({ groupId, systemId: references.idOf("systems", system) });
      }
      return change.action === "create" ? { id: groupId } : undefined;
    },
  });

  return [systems, groups];
}
