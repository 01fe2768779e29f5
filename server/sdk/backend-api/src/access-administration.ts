import type { Principal } from "./principal";

/**
 * The platform's access-control data (rules, roles, grants, teams, audit),
 * offered to the plugin that administers it (the auth plugin). Every method
 * runs in the caller's database scope, so it is audited as the caller; the
 * calling procedure's access rules decide who may use it.
 */
export type SubjectType = "user" | "application";

/** Someone roles and team memberships are assigned to: a user or an application (API key). */
export interface Subject {
  type: SubjectType;
  id: string;
}

/** A registered access rule as stored (id qualified with its plugin id). */
export interface AccessRuleInfo {
  id: string;
  pluginId: string;
  description: string | null;
  resourceType: string | null;
  level: string | null;
  isDefault: boolean;
  isPublic: boolean;
}

/** A role and the rule ids it grants. */
export interface RoleInfo {
  id: string;
  name: string;
  description: string | null;
  isSystem: boolean;
  /** For admin: every registered rule. */
  rules: string[];
}

/** A team and its members; team grants give members access to single resources. */
export interface TeamInfo {
  id: string;
  name: string;
  description: string | null;
  members: Array<Subject & { isManager: boolean }>;
}

/** What one team may do with one resource (resourceType is qualified: "catalog.system"). */
export interface ResourceGrantInfo {
  resourceType: string;
  resourceId: string;
  teamId: string;
  canRead: boolean;
  canManage: boolean;
}

/** Filters for reading the audit trail; all optional, newest entries first. */
export interface AuditQuery {
  principal?: string;
  schemaName?: string;
  tableName?: string;
  from?: Date;
  to?: Date;
  /** Entries older than this id (for paging backwards). */
  beforeId?: number;
  limit?: number;
}

/** One audited write: who (principal label), in which request, which row, before and after. */
export interface AuditEntry {
  id: number;
  at: Date;
  principal: string;
  requestId: string | null;
  schemaName: string;
  tableName: string;
  operation: string;
  oldRow: unknown;
  newRow: unknown;
}

/** The access-control administration the auth plugin exposes as procedures; see the module comment above. */
export interface AccessAdministration {
  listRules(): Promise<AccessRuleInfo[]>;

  listRoles(): Promise<RoleInfo[]>;
  createRole(role: { id: string; name: string; description?: string }): Promise<RoleInfo>;
  updateRole(id: string, changes: { name?: string; description?: string | null }): Promise<RoleInfo>;
  /** System roles cannot be deleted. */
  deleteRole(id: string): Promise<void>;
  /**
   * Replaces a role's rules. admin's are not editable. Removing a default
   * rule from "users" (or a public one from "anonymous") is remembered in
   * disabled_default_access_rule; adding it back clears that record.
   */
  setRoleRules(roleId: string, ruleIds: string[]): Promise<RoleInfo>;

  rolesOf(subject: Subject): Promise<string[]>;
  /** Replaces a subject's assigned roles ("users" is implicit for every user and not stored). */
  setRoles(subject: Subject, roleIds: string[]): Promise<void>;
  /** Drops every role and membership of a subject (when a user or application is deleted). */
  forgetSubject(subject: Subject): Promise<void>;

  listTeams(): Promise<TeamInfo[]>;
  createTeam(team: { name: string; description?: string }): Promise<TeamInfo>;
  deleteTeam(id: string): Promise<void>;
  setTeamMember(teamId: string, member: Subject & { isManager: boolean }): Promise<void>;
  removeTeamMember(teamId: string, member: Subject): Promise<void>;
  teamsOf(subject: Subject): Promise<string[]>;
  /** True when the principal manages the team (or holds the admin role). */
  managesTeam(principal: Principal, teamId: string): Promise<boolean>;

  grantResource(grant: ResourceGrantInfo): Promise<void>;
  revokeResource(grant: Pick<ResourceGrantInfo, "resourceType" | "resourceId" | "teamId">): Promise<void>;
  listResourceGrants(resource: { resourceType: string; resourceId: string }): Promise<ResourceGrantInfo[]>;
  setTeamOnly(resource: { resourceType: string; resourceId: string }, teamOnly: boolean): Promise<void>;

  queryAudit(query: AuditQuery): Promise<AuditEntry[]>;
}
