import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { AccessRuleInfo, AuthorityTarget, RoleInfo } from "@checkstack/backend-api";
import type { PlatformDatabase } from "../../database/platform-database";
import { accessRules, disabledDefaultAccessRule, roleRules, roles } from "../../database/access-schema";
import { mapConstraintErrors } from "./errors";
import { newRoleSchema, roleChangesSchema, roleIdSchema, ruleIdsSchema, SYSTEM_ROLES } from "./inputs";
import { ConflictError, InputError, NotFoundError, parseInput } from "@checkstack/backend-api";

type RoleRow = typeof roles.$inferSelect;

/** Roles, their rules, and the memory of default rules an admin took away. */
export function createRoleAdministration(db: PlatformDatabase, authority: { requireAuthority(target: AuthorityTarget): Promise<void> }) {
  // Editing a role changes what its holders may do: only someone holding all of its rules may.
  const requireOverRole = (roleId: string, what: string, rules?: string[]) =>
    authority.requireAuthority({ roles: [roleId], ...(rules ? { rules } : {}), what });

  async function listRules(): Promise<AccessRuleInfo[]> {
    const rows = await db.select().from(accessRules).orderBy(asc(accessRules.id));
    return rows.map((row) => ({
      id: row.id,
      pluginId: row.pluginId,
      description: row.description,
      resourceType: row.resourceType,
      level: row.level,
      isDefault: row.isDefault,
      isPublic: row.isPublic,
    }));
  }

  async function allRuleIds(): Promise<string[]> {
    const rows = await db.select({ id: accessRules.id }).from(accessRules).orderBy(asc(accessRules.id));
    return rows.map((row) => row.id);
  }

  /** admin holds every rule by definition (decided in SQL), so its list is every registered rule, not rows. */
  async function toRoleInfos(rows: RoleRow[]): Promise<RoleInfo[]> {
    const ids = rows.map((row) => row.id);
    const grants = ids.length
      ? await db.select().from(roleRules).where(inArray(roleRules.roleId, ids)).orderBy(asc(roleRules.ruleId))
      : [];
    const everyRule = rows.some((row) => row.id === SYSTEM_ROLES.admin) ? await allRuleIds() : [];
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      isSystem: row.isSystem,
      rules: row.id === SYSTEM_ROLES.admin ? everyRule : grants.filter((grant) => grant.roleId === row.id).map((grant) => grant.ruleId),
    }));
  }

  async function findRole(id: string): Promise<RoleRow> {
    const roleId = parseInput(roleIdSchema, id, "role id");
    const [row] = await db.select().from(roles).where(eq(roles.id, roleId));
    if (!row) throw new NotFoundError(`No role "${roleId}"`);
    return row;
  }

  async function getRole(id: string): Promise<RoleInfo> {
    const [info] = await toRoleInfos([await findRole(id)]);
    if (!info) throw new NotFoundError(`No role "${id}"`);
    return info;
  }

  async function listRoles(): Promise<RoleInfo[]> {
    // System roles first, as an admin screen would show them.
    return toRoleInfos(await db.select().from(roles).orderBy(desc(roles.isSystem), asc(roles.id)));
  }

  async function createRole(input: { id: string; name: string; description?: string }): Promise<RoleInfo> {
    const role = parseInput(newRoleSchema, input, "role");
    const inserted = await db
      .insert(roles)
      .values({ id: role.id, name: role.name, description: role.description ?? null, isSystem: false })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) throw new ConflictError(`A role with id "${role.id}" already exists`);
    return getRole(role.id);
  }

  async function updateRole(id: string, input: { name?: string; description?: string | null }): Promise<RoleInfo> {
    const existing = await findRole(id);
    const changes = parseInput(roleChangesSchema, input, "role changes");
    await requireOverRole(existing.id, `change the role "${existing.id}"`);
    const set: Partial<Pick<RoleRow, "name" | "description">> = {};
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.description !== undefined) set.description = changes.description;
    if (Object.keys(set).length > 0) await db.update(roles).set(set).where(eq(roles.id, existing.id));
    return getRole(existing.id);
  }

  async function deleteRole(id: string): Promise<void> {
    const existing = await findRole(id);
    if (existing.isSystem) throw new ConflictError(`"${existing.id}" is a system role and cannot be deleted`);
    await requireOverRole(existing.id, `delete the role "${existing.id}"`);
    await db.delete(roles).where(eq(roles.id, existing.id));
  }

  /**
   * Which flag makes a rule part of a system role by default: removing such a
   * rule must be remembered, or the next startup's sync would grant it again.
   */
  function defaultFlagOf(roleId: string): "isDefault" | "isPublic" | undefined {
    if (roleId === SYSTEM_ROLES.users) return "isDefault";
    if (roleId === SYSTEM_ROLES.anonymous) return "isPublic";
    return undefined;
  }

  async function setRoleRules(roleId: string, ruleIds: string[]): Promise<RoleInfo> {
    const role = await findRole(roleId);
    if (role.id === SYSTEM_ROLES.admin) throw new ConflictError("The admin role holds every rule; its rules cannot be edited");
    const wanted = [...new Set(parseInput(ruleIdsSchema, ruleIds, "rule ids"))].sort();
    const known = wanted.length
      ? await db.select().from(accessRules).where(inArray(accessRules.id, wanted))
      : [];
    const unknown = wanted.filter((ruleId) => !known.some((rule) => rule.id === ruleId));
    if (unknown.length > 0) throw new InputError(`Unknown access rule${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`);
    // Both what the role holds now (taking it away is acting on its holders) and what it would hold.
    await requireOverRole(role.id, `set the rules of the role "${role.id}"`, wanted);

    const flag = defaultFlagOf(role.id);
    await mapConstraintErrors(
      () =>
        db.transaction(async (tx) => {
          await tx.delete(roleRules).where(eq(roleRules.roleId, role.id));
          if (wanted.length > 0) await tx.insert(roleRules).values(wanted.map((ruleId) => ({ roleId: role.id, ruleId })));
          if (!flag) return;
          const defaults = await tx.select({ id: accessRules.id }).from(accessRules).where(eq(accessRules[flag], true));
          const removed = defaults.filter((rule) => !wanted.includes(rule.id)).map((rule) => rule.id);
          const kept = defaults.filter((rule) => wanted.includes(rule.id)).map((rule) => rule.id);
          if (removed.length > 0) {
            await tx
              .insert(disabledDefaultAccessRule)
              .values(removed.map((ruleId) => ({ roleId: role.id, ruleId })))
              .onConflictDoNothing();
          }
          if (kept.length > 0) {
            await tx
              .delete(disabledDefaultAccessRule)
              .where(and(eq(disabledDefaultAccessRule.roleId, role.id), inArray(disabledDefaultAccessRule.ruleId, kept)));
          }
        }),
      { foreignKey: "A rule or the role was removed while the rules were being saved; try again" },
    );
    return getRole(role.id);
  }

  return { listRules, listRoles, createRole, updateRole, deleteRole, setRoleRules };
}
