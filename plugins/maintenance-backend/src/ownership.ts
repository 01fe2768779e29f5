import { NotFoundError, type AccessAdministration } from "@checkstack/backend-api";
import { maintenanceResourceType } from "@checkstack/maintenance-common";

/** A window's owner team as a platform resource grant (read + manage) plus the team-only setting; runs as the caller. */
export class WindowOwnership {
  constructor(private readonly admin: AccessAdministration) {}

  async assertTeamExists(teamId: string): Promise<void> {
    const teams = await this.admin.listTeams();
    if (!teams.some((team) => team.id === teamId)) throw new NotFoundError(`No team with id ${teamId}`);
  }

  async assign(windowId: string, ownerTeamId: string, teamOnly: boolean): Promise<void> {
    await this.admin.grantResource({ resourceType: maintenanceResourceType, resourceId: windowId, teamId: ownerTeamId, canRead: true, canManage: true });
    if (teamOnly) await this.admin.setTeamOnly({ resourceType: maintenanceResourceType, resourceId: windowId }, true);
  }
}
