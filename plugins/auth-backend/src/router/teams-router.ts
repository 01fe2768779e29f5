import { authAccess } from "@checkstack/auth-common";
import type { AccessAdministration, RpcContext } from "@checkstack/backend-api";
import type { ApplicationService } from "../application-service";
import type { UserService } from "../user-service";
import { holdsRule, mayRunTeam, requireTeamAuthority } from "./access-checks";
import { ok, os, type AuthRouterDeps } from "./implementer";
import { ForbiddenError, InputError } from "@checkstack/backend-api";

/** A member must exist here: a typo would otherwise grant a team's access to nobody, silently. */
async function assertSubjectExists(users: UserService, applications: ApplicationService, type: "user" | "application", id: string) {
  if (type === "user") await users.get(id);
  else await applications.get(id);
}

export function createTeamsRouter({ admin, users, applications }: AuthRouterDeps) {
  const authority = (context: RpcContext, teamId: string) => requireTeamAuthority(context, admin, authAccess.teamManage, teamId);

  return {
    list: os.teams.list.handler(() => admin.listTeams()),
    create: os.teams.create.handler(({ input }) => admin.createTeam(input)),
    delete: os.teams.delete.handler(async ({ input }) => {
      await admin.deleteTeam(input.teamId);
      return ok;
    }),
    setMember: os.teams.setMember.handler(async ({ input, context }) => {
      await authority(context, input.teamId);
      await assertSubjectExists(users, applications, input.memberType, input.memberId);
      await admin.setTeamMember(input.teamId, { type: input.memberType, id: input.memberId, isManager: input.isManager });
      return ok;
    }),
    removeMember: os.teams.removeMember.handler(async ({ input, context }) => {
      await authority(context, input.teamId);
      await admin.removeTeamMember(input.teamId, { type: input.memberType, id: input.memberId });
      return ok;
    }),
  };
}

/**
 * A team manager without team.manage may share a resource with their team
 * only if they may manage that resource themselves; otherwise managing a team
 * would be a way to reach any resource.
 */
async function requireGrantAuthority(
  context: RpcContext,
  admin: AccessAdministration,
  grant: { teamId: string; resourceType: string; resourceId: string },
): Promise<void> {
  if (await holdsRule(context, authAccess.teamManage)) return;
  if (!(await admin.managesTeam(context.principal, grant.teamId))) {
    throw new ForbiddenError(`Only managers of team ${grant.teamId}, or holders of auth.team.manage, may change its grants`);
  }
  const manageRule = (await admin.listRules()).find((rule) => rule.resourceType === grant.resourceType && rule.level === "manage");
  if (!manageRule) throw new InputError(`Unknown resource type "${grant.resourceType}": no access rule is declared for it`);
  const allowed = await context.access.allows({
    rules: [manageRule.id],
    resource: { type: grant.resourceType, id: grant.resourceId },
  });
  if (!allowed) throw new ForbiddenError(`You may share only resources you manage; you cannot manage ${grant.resourceType} ${grant.resourceId}`);
}

export function createGrantsRouter({ admin }: AuthRouterDeps) {
  return {
    list: os.grants.list.handler(({ input }) => admin.listResourceGrants(input)),
    grant: os.grants.grant.handler(async ({ input, context }) => {
      await requireGrantAuthority(context, admin, input);
      await admin.grantResource(input);
      return ok;
    }),
    revoke: os.grants.revoke.handler(async ({ input, context }) => {
      // Taking access away is always safe for a team's own manager.
      if (!(await mayRunTeam(context, admin, authAccess.teamManage, input.teamId))) {
        throw new ForbiddenError(`Only managers of team ${input.teamId}, or holders of auth.team.manage, may change its grants`);
      }
      await admin.revokeResource(input);
      return ok;
    }),
    setTeamOnly: os.grants.setTeamOnly.handler(async ({ input }) => {
      await admin.setTeamOnly({ resourceType: input.resourceType, resourceId: input.resourceId }, input.teamOnly);
      return ok;
    }),
  };
}
