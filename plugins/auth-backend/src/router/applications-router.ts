import { authAccess } from "@checkstack/auth-common";
import { describePrincipal, type AccessAdministration, type RpcContext } from "@checkstack/backend-api";
import { requireRule, requireTeamAuthority } from "./access-checks";
import { ok, os, type AuthRouterDeps } from "./implementer";

/**
 * Roles and teams given to an application are access given to whoever holds
 * its key: the same authority is needed as for giving them to a user.
 */
async function requireMembershipAuthority(
  context: RpcContext,
  admin: AccessAdministration,
  changes: { roles?: string[] | undefined; teamsTouched: string[] },
): Promise<void> {
  if (changes.roles !== undefined) await requireRule(context, authAccess.roleManage, "Setting an application's roles");
  for (const teamId of changes.teamsTouched) await requireTeamAuthority(context, admin, authAccess.teamManage, teamId);
}

export function createApplicationsRouter({ applications, admin }: AuthRouterDeps) {
  const subject = (id: string) => ({ type: "application" as const, id });

  return {
    list: os.applications.list.handler(() => applications.list()),

    create: os.applications.create.handler(async ({ input, context }) => {
      await requireMembershipAuthority(context, admin, {
        roles: input.roles.length > 0 ? input.roles : undefined,
        teamsTouched: [...new Set(input.teams)],
      });
      // All in the request's transaction: a failing role or team leaves no half-made application.
      const { id, key } = await applications.create({
        name: input.name,
        description: input.description,
        createdBy: describePrincipal(context.principal),
      });
      if (input.roles.length > 0) await admin.setRoles(subject(id), input.roles);
      for (const teamId of new Set(input.teams)) await admin.setTeamMember(teamId, { ...subject(id), isManager: false });
      context.logger.info("application created", { applicationId: id });
      return { application: await applications.get(id), key };
    }),

    update: os.applications.update.handler(async ({ input, context }) => {
      const current = await applications.get(input.applicationId);
      await admin.requireAuthority({ subject: subject(input.applicationId), what: `change application ${input.applicationId}` });
      const wantedTeams = input.teams === undefined ? undefined : [...new Set(input.teams)];
      const added = wantedTeams?.filter((teamId) => !current.teams.includes(teamId)) ?? [];
      const removed = wantedTeams === undefined ? [] : current.teams.filter((teamId) => !wantedTeams.includes(teamId));
      await requireMembershipAuthority(context, admin, { roles: input.roles, teamsTouched: [...added, ...removed] });
      await applications.update(input.applicationId, { name: input.name, description: input.description });
      if (input.roles !== undefined) await admin.setRoles(subject(input.applicationId), input.roles);
      for (const teamId of removed) await admin.removeTeamMember(teamId, subject(input.applicationId));
      for (const teamId of added) await admin.setTeamMember(teamId, { ...subject(input.applicationId), isManager: false });
      return applications.get(input.applicationId);
    }),

    delete: os.applications.delete.handler(async ({ input, context }) => {
      await admin.requireAuthority({ subject: subject(input.applicationId), what: `revoke application ${input.applicationId}` });
      await applications.delete(input.applicationId);
      await admin.forgetSubject(subject(input.applicationId));
      context.logger.info("application revoked", { applicationId: input.applicationId });
      return ok;
    }),
  };
}
