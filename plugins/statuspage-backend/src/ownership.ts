import { NotFoundError, type AccessAdministration } from "@checkstack/backend-api";
import { statuspageResourceTypes } from "@checkstack/statuspage-common";

const PAGE = statuspageResourceTypes.page;

/** A page's owner team, as a resource grant (read + manage) made in the caller's transaction (audited as them). */
export class PageOwnership {
  constructor(private readonly admin: AccessAdministration) {}

  async assertTeamExists(teamId: string): Promise<void> {
    const teams = await this.admin.listTeams();
    if (!teams.some((team) => team.id === teamId)) throw new NotFoundError(`No team with id ${teamId}`);
  }

  async assign(pageId: string, ownerTeamId: string): Promise<void> {
    await this.admin.grantResource({ resourceType: PAGE, resourceId: pageId, teamId: ownerTeamId, canRead: true, canManage: true });
  }

  /** A deleted page's grants would point at nothing. */
  async forget(pageId: string): Promise<void> {
    const grants = await this.admin.listResourceGrants({ resourceType: PAGE, resourceId: pageId });
    for (const { resourceType, resourceId, teamId } of grants) await this.admin.revokeResource({ resourceType, resourceId, teamId });
  }
}
