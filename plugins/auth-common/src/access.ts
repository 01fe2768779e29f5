import type { AccessRule } from "@checkstack/common";

/**
 * The auth plugin's rules (stored as "auth.<id>"); admin holds all of them.
 * Plain rules rather than accessPair: users, roles, teams and applications
 * are not resources that can be granted to teams, so no resource type is
 * declared (a declared type would be offered for team grants).
 * The only default is team.read: every signed-in user may see which teams
 * exist and who is in them, which the team-grant screens of other plugins need.
 */
export const authAccess = {
  userRead: { id: "user.read", description: "View user accounts and their roles" },
  userManage: { id: "user.manage", description: "Create, change, disable and delete user accounts; reset passwords; allow self-registration" },
  roleRead: { id: "role.read", description: "View roles and the access rules they hold" },
  roleManage: { id: "role.manage", description: "Create, change and delete roles, and assign roles to users and applications" },
  teamRead: { id: "team.read", description: "View teams, their members and resource grants", isDefault: true },
  teamManage: { id: "team.manage", description: "Create and delete teams; manage any team's members and resource grants" },
  applicationRead: { id: "application.read", description: "View applications (API keys)" },
  applicationManage: { id: "application.manage", description: "Create, change and revoke applications (API keys)" },
  auditRead: { id: "audit.read", description: "Read the audit log" },
} as const satisfies Record<string, AccessRule>;

export const authAccessRuleList: AccessRule[] = Object.values(authAccess);

/** Fully qualified ids, for checks made inside handlers. */
export const qualifiedAuthRule = (rule: AccessRule) => `auth.${rule.id}`;
