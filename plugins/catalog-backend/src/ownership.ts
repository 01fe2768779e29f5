import type { AccessAdministration } from "@checkstack/backend-api";
import { catalogResourceTypes } from "@checkstack/catalog-common";
import { NotFoundError } from "@checkstack/backend-api";

const SYSTEM = catalogResourceTypes.system;

/**
 * A system's owner team, expressed the way the platform decides access: a
 * resource grant (read + manage) on "catalog.system" for that team, and the
 * team-only setting. The platform's tables are reached only through access
 * administration, which runs in the caller's transaction (audited as the
 * caller, rolled back with the request).
 */
export class SystemOwnership {
  constructor(private readonly admin: AccessAdministration) {}

  /** Refuses an owner that is not a team: a grant to nobody would silently leave the system unowned. */
  async assertTeamExists(teamId: string): Promise<void> {
    const teams = await this.admin.listTeams();
    if (!teams.some((team) => team.id === teamId)) throw new NotFoundError(`No team with id ${teamId}`);
  }

  async assign(systemId: string, ownerTeamId: string, teamOnly: boolean): Promise<void> {
    await this.admin.grantResource({ resourceType: SYSTEM, resourceId: systemId, teamId: ownerTeamId, canRead: true, canManage: true });
    if (teamOnly) await this.admin.setTeamOnly({ resourceType: SYSTEM, resourceId: systemId }, true);
  }

  /**
   * Moves ownership: the previous owner's grant goes, the next owner's comes.
   * Grants other teams were given (through the auth plugin) are left alone.
   */
  async transfer(systemId: string, previousTeamId: string | null, nextTeamId: string | null): Promise<void> {
    if (previousTeamId === nextTeamId) return;
    if (previousTeamId) await this.admin.revokeResource({ resourceType: SYSTEM, resourceId: systemId, teamId: previousTeamId });
    if (nextTeamId) {
      await this.admin.grantResource({ resourceType: SYSTEM, resourceId: systemId, teamId: nextTeamId, canRead: true, canManage: true });
    }
  }

  async setTeamOnly(systemId: string, teamOnly: boolean): Promise<void> {
    await this.admin.setTeamOnly({ resourceType: SYSTEM, resourceId: systemId }, teamOnly);
  }

  /** A deleted system's grants would point at nothing; they are removed with it. */
  async forget(systemId: string): Promise<void> {
    const grants = await this.admin.listResourceGrants({ resourceType: SYSTEM, resourceId: systemId });
    for (const { resourceType, resourceId, teamId } of grants) await this.admin.revokeResource({ resourceType, resourceId, teamId });
  }
}
