import { NotFoundError, type AccessAdministration } from "@checkstack/backend-api";
import { incidentResourceType } from "@checkstack/incident-common";

/**
 * An incident's owner team, expressed the way the platform decides access:
 * a resource grant (read + manage) on "incident.incident" for the team, and
 * the team-only setting. Runs in the caller's transaction (audited as them).
 */
export class IncidentOwnership {
  constructor(private readonly admin: AccessAdministration) {}

  /** A grant to a team that does not exist would silently leave the incident unowned. */
  async assertTeamExists(teamId: string): Promise<void> {
    const teams = await this.admin.listTeams();
    if (!teams.some((team) => team.id === teamId)) throw new NotFoundError(`No team with id ${teamId}`);
  }

  async assign(incidentId: string, ownerTeamId: string, teamOnly: boolean): Promise<void> {
    await this.admin.grantResource({ resourceType: incidentResourceType, resourceId: incidentId, teamId: ownerTeamId, canRead: true, canManage: true });
    if (teamOnly) await this.admin.setTeamOnly({ resourceType: incidentResourceType, resourceId: incidentId }, true);
  }
}
