import { proc } from "@checkstack/common";
import { z } from "zod";
import { authAccess } from "./access";
import {
  AccessRuleInfoSchema,
  ApplicationIdInputSchema,
  ApplicationSchema,
  AuditPageSchema,
  AuditQueryInputSchema,
  ChangePasswordInputSchema,
  CompleteSetupInputSchema,
  CreateApplicationInputSchema,
  CreateRoleInputSchema,
  CreatedApplicationSchema,
  CreateTeamInputSchema,
  CreateUserInputSchema,
  GrantResourceInputSchema,
  LoginInputSchema,
  LoginOutputSchema,
  MeSchema,
  RegisterInputSchema,
  RegistrationSettingsSchema,
  RemoveTeamMemberInputSchema,
  ResetPasswordInputSchema,
  ResourceGrantSchema,
  ResourceRefSchema,
  RevokeResourceInputSchema,
  RoleIdInputSchema,
  RoleSchema,
  SetRoleRulesInputSchema,
  SetupStateSchema,
  SetTeamMemberInputSchema,
  SetTeamOnlyInputSchema,
  SetUserRolesInputSchema,
  TeamIdInputSchema,
  TeamSchema,
  UpdateApplicationInputSchema,
  UpdateRoleInputSchema,
  UpdateUserInputSchema,
  UserIdInputSchema,
  UserSchema,
} from "./schemas";

const query = "query" as const;
const mutation = "mutation" as const;
const done = z.object({ ok: z.literal(true) });

/**
 * Every procedure is one level deep, /api/auth/<group>/<name>, except the two
 * of first-run setup: /api/auth/getSetupState and /api/auth/completeSetup.
 * Administrative procedures admit users and applications ("authenticated"), so
 * API keys with the right roles can automate them; account procedures are for
 * signed-in users only.
 */
export const authContract = {
  /** Anonymous: whether no user exists yet (the setup screen is offered). Reveals nothing else. */
  getSetupState: proc({ operationType: query, userType: "anonymous" }).output(SetupStateSchema),
  /**
   * Anonymous, with the one-time token from the logged setup link: creates the first administrator and signs
   * them in (session cookie). Without a valid token no account is made: 403 (unknown or expired token), 409
   * (already used, or setup already complete).
   */
  completeSetup: proc({ operationType: mutation, userType: "anonymous" }).input(CompleteSetupInputSchema).output(LoginOutputSchema),

  session: {
    login: proc({ operationType: mutation, userType: "anonymous" })
      .route({ method: "POST", path: "/session/login", summary: "Sign in (sets the session cookie)" }).input(LoginInputSchema).output(LoginOutputSchema),
    logout: proc({ operationType: mutation, userType: "anonymous" })
      .route({ method: "POST", path: "/session/logout", summary: "Sign out" }).output(z.object({ loggedOut: z.boolean() })),
    me: proc({ operationType: query, userType: "anonymous" })
      .route({ method: "GET", path: "/session/me", summary: "Who the caller is" }).output(MeSchema),
    /** The qualified rule ids the caller holds (type-level), so a UI offers only what it may do; every call is still checked. */
    rules: proc({ operationType: query, userType: "anonymous" })
      .route({ method: "GET", path: "/session/rules", summary: "The access rules the caller holds" }).output(z.object({ rules: z.array(z.string()) })),
  },

  account: {
    /** Refused with FORBIDDEN unless an admin allowed self-registration. The new user has no roles but "users". */
    register: proc({ operationType: mutation, userType: "anonymous" })
      .route({ method: "POST", path: "/account/register", summary: "Register an account (when allowed)" }).input(RegisterInputSchema).output(UserSchema),
    /** Ends every other session of the user. */
    changePassword: proc({ operationType: mutation, userType: "user" })
      .route({ method: "POST", path: "/account/password", summary: "Change your own password" })
      .input(ChangePasswordInputSchema)
      .output(z.object({ endedSessions: z.number().int() })),
  },

  registration: {
    get: proc({ operationType: query, userType: "anonymous" })
      .route({ method: "GET", path: "/registration", summary: "Get the self-registration setting" }).output(RegistrationSettingsSchema),
    set: proc({ operationType: mutation, access: [authAccess.userManage] })
      .route({ method: "PUT", path: "/registration", summary: "Set the self-registration setting" })
      .input(RegistrationSettingsSchema)
      .output(RegistrationSettingsSchema),
  },

  users: {
    list: proc({ operationType: query, access: [authAccess.userRead] })
      .route({ method: "GET", path: "/users", summary: "List users" }).output(z.array(UserSchema)),
    get: proc({ operationType: query, access: [authAccess.userRead] })
      .route({ method: "GET", path: "/users/{userId}", summary: "Get a user" }).input(UserIdInputSchema).output(UserSchema),
    /** Roles other than none also need role.manage. */
    create: proc({ operationType: mutation, access: [authAccess.userManage] })
      .route({ method: "POST", path: "/users", summary: "Create a user" }).input(CreateUserInputSchema).output(UserSchema),
    update: proc({ operationType: mutation, access: [authAccess.userManage] })
      .route({ method: "PATCH", path: "/users/{userId}", summary: "Update a user" }).input(UpdateUserInputSchema).output(UserSchema),
    delete: proc({ operationType: mutation, access: [authAccess.userManage] })
      .route({ method: "DELETE", path: "/users/{userId}", summary: "Delete a user" }).input(UserIdInputSchema).output(done),
    /** Granting roles is granting rules: it needs role.manage as well as user.manage. */
    setRoles: proc({ operationType: mutation, access: [authAccess.userManage, authAccess.roleManage] })
      .route({ method: "PUT", path: "/users/{userId}/roles", summary: "Set the roles of a user" })
      .input(SetUserRolesInputSchema)
      .output(UserSchema),
    /** Ends every session of the user. */
    resetPassword: proc({ operationType: mutation, access: [authAccess.userManage] })
      .route({ method: "POST", path: "/users/{userId}/password", summary: "Reset the password of a user" }).input(ResetPasswordInputSchema).output(done),
  },

  roles: {
    list: proc({ operationType: query, access: [authAccess.roleRead] })
      .route({ method: "GET", path: "/roles", summary: "List roles" }).output(z.array(RoleSchema)),
    create: proc({ operationType: mutation, access: [authAccess.roleManage] })
      .route({ method: "POST", path: "/roles", summary: "Create a role" }).input(CreateRoleInputSchema).output(RoleSchema),
    update: proc({ operationType: mutation, access: [authAccess.roleManage] })
      .route({ method: "PATCH", path: "/roles/{roleId}", summary: "Update a role" }).input(UpdateRoleInputSchema).output(RoleSchema),
    delete: proc({ operationType: mutation, access: [authAccess.roleManage] })
      .route({ method: "DELETE", path: "/roles/{roleId}", summary: "Delete a role" }).input(RoleIdInputSchema).output(done),
    setRules: proc({ operationType: mutation, access: [authAccess.roleManage] })
      .route({ method: "PUT", path: "/roles/{roleId}/rules", summary: "Set the access rules of a role" }).input(SetRoleRulesInputSchema).output(RoleSchema),
  },

  rules: {
    list: proc({ operationType: query, access: [authAccess.roleRead] })
      .route({ method: "GET", path: "/rules", summary: "List access rules" }).output(z.array(AccessRuleInfoSchema)),
  },

  teams: {
    list: proc({ operationType: query, access: [authAccess.teamRead] })
      .route({ method: "GET", path: "/teams", summary: "List teams" }).output(z.array(TeamSchema)),
    create: proc({ operationType: mutation, access: [authAccess.teamManage] })
      .route({ method: "POST", path: "/teams", summary: "Create a team" }).input(CreateTeamInputSchema).output(TeamSchema),
    delete: proc({ operationType: mutation, access: [authAccess.teamManage] })
      .route({ method: "DELETE", path: "/teams/{teamId}", summary: "Delete a team" }).input(TeamIdInputSchema).output(done),
    /** team.manage, or a manager of this team (checked in the handler). */
    setMember: proc({ operationType: mutation })
      .route({ method: "PUT", path: "/teams/{teamId}/members/{memberType}/{memberId}", summary: "Add a member to a team, or change whether it manages it" }).input(SetTeamMemberInputSchema).output(done),
    /** team.manage, or a manager of this team (checked in the handler). */
    removeMember: proc({ operationType: mutation })
      .route({ method: "DELETE", path: "/teams/{teamId}/members/{memberType}/{memberId}", summary: "Remove a member from a team" }).input(RemoveTeamMemberInputSchema).output(done),
  },

  grants: {
    list: proc({ operationType: query, access: [authAccess.teamRead] })
      .route({ method: "GET", path: "/grants/{resourceType}/{resourceId}", summary: "List the team grants of a resource" }).input(ResourceRefSchema).output(z.array(ResourceGrantSchema)),
    /** team.manage; or a manager of the team who may manage the resource itself. */
    grant: proc({ operationType: mutation })
      .route({ method: "PUT", path: "/grants/{resourceType}/{resourceId}/teams/{teamId}", summary: "Grant a team access to a resource" }).input(GrantResourceInputSchema).output(done),
    /** team.manage, or a manager of the team. */
    revoke: proc({ operationType: mutation })
      .route({ method: "DELETE", path: "/grants/{resourceType}/{resourceId}/teams/{teamId}", summary: "Revoke a team grant on a resource" }).input(RevokeResourceInputSchema).output(done),
    setTeamOnly: proc({ operationType: mutation, access: [authAccess.teamManage] })
      .route({ method: "PUT", path: "/grants/{resourceType}/{resourceId}/team-only", summary: "Make a resource team-only, or not" }).input(SetTeamOnlyInputSchema).output(done),
  },

  applications: {
    list: proc({ operationType: query, access: [authAccess.applicationRead] })
      .route({ method: "GET", path: "/applications", summary: "List applications (API keys)" }).output(z.array(ApplicationSchema)),
    /** Roles also need role.manage; teams need team.manage or managing each team. */
    create: proc({ operationType: mutation, access: [authAccess.applicationManage] })
      .route({ method: "POST", path: "/applications", summary: "Create an application and its API key" })
      .input(CreateApplicationInputSchema)
      .output(CreatedApplicationSchema),
    update: proc({ operationType: mutation, access: [authAccess.applicationManage] })
      .route({ method: "PATCH", path: "/applications/{applicationId}", summary: "Update an application" })
      .input(UpdateApplicationInputSchema)
      .output(ApplicationSchema),
    /** Deletes the application: its key stops working on every instance at once. */
    delete: proc({ operationType: mutation, access: [authAccess.applicationManage] })
      .route({ method: "DELETE", path: "/applications/{applicationId}", summary: "Delete an application (its key stops working)" }).input(ApplicationIdInputSchema).output(done),
  },

  audit: {
    list: proc({ operationType: query, access: [authAccess.auditRead] })
      .route({ method: "GET", path: "/audit", summary: "List audit entries, newest first, a page at a time" }).input(AuditQueryInputSchema).output(AuditPageSchema),
  },
};

export type AuthContract = typeof authContract;
