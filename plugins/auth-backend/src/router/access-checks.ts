import type { AccessAdministration, RpcContext } from "@checkstack/backend-api";
import { qualifiedAuthRule } from "@checkstack/auth-common";
import type { AccessRule } from "@checkstack/common";
import { ForbiddenError } from "@checkstack/backend-api";

/**
 * Checks made inside handlers, where the contract cannot state the rule:
 * "this rule, or managing this team", or a second rule only some inputs need.
 * Decided by the platform's access decider (SQL), like autoAuthMiddleware.
 */
export async function holdsRule(context: RpcContext, rule: AccessRule): Promise<boolean> {
  if (context.principal.type === "service") return true;
  return context.access.allows({ rules: [qualifiedAuthRule(rule)] });
}

export async function requireRule(context: RpcContext, rule: AccessRule, why: string): Promise<void> {
  if (!(await holdsRule(context, rule))) throw new ForbiddenError(`${why} needs the access rule ${qualifiedAuthRule(rule)}`);
}

/** team.manage holders may run any team; a team's managers may run their own. */
export async function mayRunTeam(context: RpcContext, admin: AccessAdministration, teamManage: AccessRule, teamId: string): Promise<boolean> {
  return (await holdsRule(context, teamManage)) || (await admin.managesTeam(context.principal, teamId));
}

export async function requireTeamAuthority(
  context: RpcContext,
  admin: AccessAdministration,
  teamManage: AccessRule,
  teamId: string,
): Promise<void> {
  if (!(await mayRunTeam(context, admin, teamManage, teamId))) {
    throw new ForbiddenError(`Only managers of team ${teamId}, or holders of ${qualifiedAuthRule(teamManage)}, may change it`);
  }
}
