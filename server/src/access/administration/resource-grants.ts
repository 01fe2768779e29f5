import { and, asc, eq } from "drizzle-orm";
import type { ResourceGrantInfo } from "@checkstack/backend-api";
import type { PlatformDatabase } from "../../database/platform-database";
import { accessRules, resourceGrants, resourceSettings, teams } from "../../database/access-schema";
import { mapConstraintErrors } from "./errors";
import { resourceGrantSchema, resourceSchema, teamIdSchema } from "./inputs";
import { z } from "zod";
import { InputError, NotFoundError, parseInput } from "@checkstack/backend-api";

const revokeSchema = resourceSchema.extend({ teamId: teamIdSchema });

/** Team grants on single resources, and the team-only flag that makes grants the only way in. */
export function createResourceGrantAdministration(db: PlatformDatabase) {
  /** A type no rule declares could never be checked: almost certainly a typo, so it is refused. */
  async function assertKnownResourceType(resourceType: string): Promise<void> {
    const [rule] = await db.select({ id: accessRules.id }).from(accessRules).where(eq(accessRules.resourceType, resourceType)).limit(1);
    if (!rule) throw new InputError(`Unknown resource type "${resourceType}": no access rule is declared for it`);
  }

  async function grantResource(input: ResourceGrantInfo): Promise<void> {
    const grant = parseInput(resourceGrantSchema, input, "resource grant");
    await assertKnownResourceType(grant.resourceType);
    const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, grant.teamId));
    if (!team) throw new NotFoundError(`No team with id ${grant.teamId}`);
    await mapConstraintErrors(
      () =>
        db
          .insert(resourceGrants)
          .values(grant)
          .onConflictDoUpdate({
            target: [resourceGrants.resourceType, resourceGrants.resourceId, resourceGrants.teamId],
            set: { canRead: grant.canRead, canManage: grant.canManage },
          }),
      { foreignKey: `Team ${grant.teamId} was deleted while the grant was being saved` },
    );
  }

  async function revokeResource(input: Pick<ResourceGrantInfo, "resourceType" | "resourceId" | "teamId">): Promise<void> {
    const grant = parseInput(revokeSchema, input, "resource grant");
    await db
      .delete(resourceGrants)
      .where(
        and(
          eq(resourceGrants.resourceType, grant.resourceType),
          eq(resourceGrants.resourceId, grant.resourceId),
          eq(resourceGrants.teamId, grant.teamId),
        ),
      );
  }

  async function listResourceGrants(input: { resourceType: string; resourceId: string }): Promise<ResourceGrantInfo[]> {
    const resource = parseInput(resourceSchema, input, "resource");
    return db
      .select({
        resourceType: resourceGrants.resourceType,
        resourceId: resourceGrants.resourceId,
        teamId: resourceGrants.teamId,
        canRead: resourceGrants.canRead,
        canManage: resourceGrants.canManage,
      })
      .from(resourceGrants)
      .where(and(eq(resourceGrants.resourceType, resource.resourceType), eq(resourceGrants.resourceId, resource.resourceId)))
      .orderBy(asc(resourceGrants.teamId));
  }

  async function setTeamOnly(input: { resourceType: string; resourceId: string }, teamOnly: boolean): Promise<void> {
    const resource = parseInput(resourceSchema, input, "resource");
    const flag = parseInput(z.boolean(), teamOnly, "team-only flag");
    await assertKnownResourceType(resource.resourceType);
    await db
      .insert(resourceSettings)
      .values({ ...resource, teamOnly: flag })
      .onConflictDoUpdate({ target: [resourceSettings.resourceType, resourceSettings.resourceId], set: { teamOnly: flag } });
  }

  return { grantResource, revokeResource, listResourceGrants, setTeamOnly };
}
