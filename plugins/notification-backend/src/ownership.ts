import { NotFoundError, type AccessAdministration } from "@checkstack/backend-api";

/**
 * A team owning a channel or rule, expressed as the platform decides access: a read + manage grant
 * on the resource for the team, and optionally team-only. Runs in the caller's transaction.
 */
export class ResourceOwnership {
  constructor(
    private readonly admin: AccessAdministration,
    private readonly resourceType: string,
  ) {}

  async assertTeamExists(teamId: string): Promise<void> {
    const teams = await this.admin.listTeams();
    if (!teams.some((team) => team.id === teamId)) throw new NotFoundError(`No team with id ${teamId}`);
  }

  async assign(resourceId: string, teamId: string, teamOnly: boolean): Promise<void> {
    await this.admin.grantResource({ resourceType: this.resourceType, resourceId, teamId, canRead: true, canManage: true });
    if (teamOnly) await this.admin.setTeamOnly({ resourceType: this.resourceType, resourceId }, true);
  }

  async forget(resourceId: string): Promise<void> {
    const grants = await this.admin.listResourceGrants({ resourceType: this.resourceType, resourceId });
    for (const grant of grants) await this.admin.revokeResource({ resourceType: grant.resourceType, resourceId: grant.resourceId, teamId: grant.teamId });
  }
}
