import { and, asc, eq } from "drizzle-orm";
import type { Group, System } from "@checkstack/catalog-common";
import { definedOnly } from "./changes";
import type { CatalogDatabase } from "./database";
import { uniqueName } from "./errors";
import { groups, systemGroups, systems } from "./schema";
import { NotFoundError } from "@checkstack/backend-api";

export interface GroupChanges {
  name?: string | undefined;
  description?: string | null | undefined;
}

/** Groups and which systems they hold. Row-level security filters both groups and the systems listed in them. */
export class GroupService {
  constructor(private readonly database: CatalogDatabase) {}

  async list(): Promise<Group[]> {
    return this.database.select().from(groups).orderBy(asc(groups.name));
  }

  async get(id: string): Promise<Group | null> {
    const [row] = await this.database.select().from(groups).where(eq(groups.id, id));
    return row ?? null;
  }

  async create(input: { name: string; description?: string | undefined }): Promise<Group> {
    const [row] = await uniqueName("group", input.name, () =>
      this.database
        .insert(groups)
        .values({ name: input.name, description: input.description ?? null })
        .returning(),
    );
    if (!row) throw new Error("inserting a group returned no row");
    return row;
  }

  /** null when there is no such group (or the caller may not change it). */
  async update(id: string, changes: GroupChanges): Promise<Group | null> {
    const [row] = await uniqueName("group", changes.name ?? "", () =>
      this.database
        .update(groups)
        .set({ ...definedOnly(changes), updatedAt: new Date() })
        .where(eq(groups.id, id))
        .returning(),
    );
    return row ?? null;
  }

  /** True when a group was deleted; its memberships go with it (ON DELETE CASCADE). */
  async delete(id: string): Promise<boolean> {
    const deleted = await this.database.delete(groups).where(eq(groups.id, id)).returning({ id: groups.id });
    return deleted.length > 0;
  }

  /** True when the system was not in the group before. Both must exist (and be visible to the caller). */
  async addSystem(groupId: string, systemId: string): Promise<boolean> {
    await this.requireGroup(groupId);
    const [system] = await this.database.select({ id: systems.id }).from(systems).where(eq(systems.id, systemId));
    if (!system) throw new NotFoundError(`No system with id ${systemId}`);
    const added = await this.database
      .insert(systemGroups)
      .values({ groupId, systemId })
      .onConflictDoNothing()
      .returning({ groupId: systemGroups.groupId });
    return added.length > 0;
  }

  /** True when the system was in the group. Removing a system that is not there is not an error: the outcome is the one asked for. */
  async removeSystem(groupId: string, systemId: string): Promise<boolean> {
    await this.requireGroup(groupId);
    const removed = await this.database
      .delete(systemGroups)
      .where(and(eq(systemGroups.groupId, groupId), eq(systemGroups.systemId, systemId)))
      .returning({ groupId: systemGroups.groupId });
    return removed.length > 0;
  }

  /** The group's systems the caller may read: the join goes through systems, whose row security drops the rest. */
  async listSystems(groupId: string): Promise<System[]> {
    await this.requireGroup(groupId);
    const rows = await this.database
      .select({ system: systems })
      .from(systemGroups)
      .innerJoin(systems, eq(systems.id, systemGroups.systemId))
      .where(eq(systemGroups.groupId, groupId))
      .orderBy(asc(systems.name));
    return rows.map((row) => row.system);
  }

  private async requireGroup(groupId: string): Promise<void> {
    if (!(await this.get(groupId))) throw new NotFoundError(`No group with id ${groupId}`);
  }
}
