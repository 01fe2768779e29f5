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
 * Every procedure is one level deep: /api/auth/<group>/<name>.
 * Administrative procedures admit users and applications ("authenticated"), so
 * API keys with the right roles can automate them; account procedures are for
 * signed-in users only.
 */
export const authContract = {
  session: {
    login: proc({ operationType: mutation, userType: "anonymous" }).input(LoginInputSchema).output(LoginOutputSchema),
    logout: proc({ operationType: mutation, userType: "anonymous" }).output(z.object({ loggedOut: z.boolean() })),
    me: proc({ operationType: query, userType: "anonymous" }).output(MeSchema),
    /** The qualified rule ids the caller holds (type-level), so a UI offers only what it may do; every call is still checked. */
    rules: proc({ operationType: query, userType: "anonymous" }).output(z.object({ rules: z.array(z.string()) })),
  },

  account: {
    /** Refused with FORBIDDEN unless an admin allowed self-registration. The new user has no roles but "users". */
    register: proc({ operationType: mutation, userType: "anonymous" }).input(RegisterInputSchema).output(UserSchema),
    /** Ends every other session of the user. */
    changePassword: proc({ operationType: mutation, userType: "user" })
      .input(ChangePasswordInputSchema)
      .output(z.object({ endedSessions: z.number().int() })),
  },

  registration: {
    get: proc({ operationType: query, userType: "anonymous" }).output(RegistrationSettingsSchema),
    set: proc({ operationType: mutation, access: [authAccess.userManage] })
      .input(RegistrationSettingsSchema)
      .output(RegistrationSettingsSchema),
  },

  users: {
    list: proc({ operationType: query, access: [authAccess.userRead] }).output(z.array(UserSchema)),
    get: proc({ operationType: query, access: [authAccess.userRead] }).input(UserIdInputSchema).output(UserSchema),
    /** Roles other than none also need role.manage. */
    create: proc({ operationType: mutation, access: [authAccess.userManage] }).input(CreateUserInputSchema).output(UserSchema),
    update: proc({ operationType: mutation, access: [authAccess.userManage] }).input(UpdateUserInputSchema).output(UserSchema),
    delete: proc({ operationType: mutation, access: [authAccess.userManage] }).input(UserIdInputSchema).output(done),
    /** Granting roles is granting rules: it needs role.manage as well as user.manage. */
    setRoles: proc({ operationType: mutation, access: [authAccess.userManage, authAccess.roleManage] })
      .input(SetUserRolesInputSchema)
      .output(UserSchema),
    /** Ends every session of the user. */
    resetPassword: proc({ operationType: mutation, access: [authAccess.userManage] }).input(ResetPasswordInputSchema).output(done),
  },

  roles: {
    list: proc({ operationType: query, access: [authAccess.roleRead] }).output(z.array(RoleSchema)),
    create: proc({ operationType: mutation, access: [authAccess.roleManage] }).input(CreateRoleInputSchema).output(RoleSchema),
    update: proc({ operationType: mutation, access: [authAccess.roleManage] }).input(UpdateRoleInputSchema).output(RoleSchema),
    delete: proc({ operationType: mutation, access: [authAccess.roleManage] }).input(RoleIdInputSchema).output(done),
    setRules: proc({ operationType: mutation, access: [authAccess.roleManage] }).input(SetRoleRulesInputSchema).output(RoleSchema),
  },

  rules: {
    list: proc({ operationType: query, access: [authAccess.roleRead] }).output(z.array(AccessRuleInfoSchema)),
  },

  teams: {
    list: proc({ operationType: query, access: [authAccess.teamRead] }).output(z.array(TeamSchema)),
    create: proc({ operationType: mutation, access: [authAccess.teamManage] }).input(CreateTeamInputSchema).output(TeamSchema),
    delete: proc({ operationType: mutation, access: [authAccess.teamManage] }).input(TeamIdInputSchema).output(done),
    /** team.manage, or a manager of this team (checked in the handler). */
    setMember: proc({ operationType: mutation }).input(SetTeamMemberInputSchema).output(done),
    /** team.manage, or a manager of this team (checked in the handler). */
    removeMember: proc({ operationType: mutation }).input(RemoveTeamMemberInputSchema).output(done),
  },

  grants: {
    list: proc({ operationType: query, access: [authAccess.teamRead] }).input(ResourceRefSchema).output(z.array(ResourceGrantSchema)),
    /** team.manage; or a manager of the team who may manage the resource itself. */
    grant: proc({ operationType: mutation }).input(GrantResourceInputSchema).output(done),
    /** team.manage, or a manager of the team. */
    revoke: proc({ operationType: mutation }).input(RevokeResourceInputSchema).output(done),
    setTeamOnly: proc({ operationType: mutation, access: [authAccess.teamManage] }).input(SetTeamOnlyInputSchema).output(done),
  },

  applications: {
    list: proc({ operationType: query, access: [authAccess.applicationRead] }).output(z.array(ApplicationSchema)),
    /** Roles also need role.manage; teams need team.manage or managing each team. */
    create: proc({ operationType: mutation, access: [authAccess.applicationManage] })
      .input(CreateApplicationInputSchema)
      .output(CreatedApplicationSchema),
    update: proc({ operationType: mutation, access: [authAccess.applicationManage] })
      .input(UpdateApplicationInputSchema)
      .output(ApplicationSchema),
    /** Deletes the application: its key stops working on every instance at once. */
    revoke: proc({ operationType: mutation, access: [authAccess.applicationManage] }).input(ApplicationIdInputSchema).output(done),
  },

  audit: {
    query: proc({ operationType: query, access: [authAccess.auditRead] }).input(AuditQueryInputSchema).output(AuditPageSchema),
  },
};

export type AuthContract = typeof authContract;
