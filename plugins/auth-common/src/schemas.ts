import { z } from "zod";

// ---- Building blocks --------------------------------------------------------

/** Emails are compared case-insensitively, so they are stored lowercased. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "emails are at most 254 characters")
  .pipe(z.email("not a valid email address"));

/** Long enough to resist guessing; capped so hashing cannot be made expensive. */
export const NewPasswordSchema = z
  .string()
  .min(10, "passwords need at least 10 characters")
  .max(512, "passwords are at most 512 characters");

/** What a login accepts: whatever was set under an older policy still signs in. */
export const PasswordSchema = z.string().min(1, "the password must not be empty").max(512);

export const DisplayNameSchema = z.string().trim().min(1, "the name must not be empty").max(100);
export const UuidSchema = z.uuid();
export const RoleIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/, "role ids are lowercase letters and digits, words joined by single - or _")
  .max(64);
export const RuleIdSchema = z.string().min(1).max(200);
export const DescriptionSchema = z.string().trim().max(1000);
export const SubjectTypeSchema = z.enum(["user", "application"]);

// ---- Sessions and accounts -------------------------------------------------

export const LoginInputSchema = z.object({ email: z.string().trim().toLowerCase().min(1).max(254), password: PasswordSchema });

export const SessionUserSchema = z.object({ id: z.string(), email: z.string(), displayName: z.string() });
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const LoginOutputSchema = z.object({
  user: SessionUserSchema,
  expiresAt: z.date(),
  /** True for a generated password: until it is changed, the session may only call account.changePassword (and me, logout). */
  mustChangePassword: z.boolean(),
});

export const MeSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("anonymous") }),
  z.object({
    type: z.literal("user"),
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    roles: z.array(z.string()),
    teams: z.array(z.string()),
  }),
  z.object({ type: z.literal("application"), id: z.string(), name: z.string(), roles: z.array(z.string()), teams: z.array(z.string()) }),
  z.object({ type: z.literal("service"), pluginId: z.string() }),
]);
export type Me = z.infer<typeof MeSchema>;

export const RegisterInputSchema = z.object({ email: EmailSchema, password: NewPasswordSchema, displayName: DisplayNameSchema });

export const ChangePasswordInputSchema = z.object({ currentPassword: PasswordSchema, newPassword: NewPasswordSchema });

// ---- First-run setup ------------------------------------------------------------

/** Anonymous: only whether the platform still waits for its first administrator. */
export const SetupStateSchema = z.object({ setupRequired: z.boolean() });

/** The one-time token from the logged setup link, and the first administrator's account. */
export const CompleteSetupInputSchema = z.object({
  token: z.string().trim().min(1, "the token from the setup link is required").max(200),
  email: EmailSchema,
  password: NewPasswordSchema,
  name: DisplayNameSchema.optional(),
});

export const RegistrationSettingsSchema = z.object({ allowRegistration: z.boolean() });

// ---- Users --------------------------------------------------------------------

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  /** Assigned roles; "users" is implicit and not listed. */
  roles: z.array(z.string()),
  createdAt: z.date(),
});
export type User = z.infer<typeof UserSchema>;

export const UserIdInputSchema = z.object({ userId: UuidSchema });

export const CreateUserInputSchema = z.object({
  email: EmailSchema,
  displayName: DisplayNameSchema,
  password: NewPasswordSchema,
  roles: z.array(RoleIdSchema).max(100).default([]),
});

export const UpdateUserInputSchema = z.object({
  userId: UuidSchema,
  email: EmailSchema.optional(),
  displayName: DisplayNameSchema.optional(),
  /** Disabling ends the user's sessions at once. */
  disabled: z.boolean().optional(),
});

export const SetUserRolesInputSchema = z.object({ userId: UuidSchema, roles: z.array(RoleIdSchema).max(100) });
export const ResetPasswordInputSchema = z.object({ userId: UuidSchema, newPassword: NewPasswordSchema });

// ---- Roles and rules ------------------------------------------------------------

export const AccessRuleInfoSchema = z.object({
  id: z.string(),
  pluginId: z.string(),
  description: z.string().nullable(),
  resourceType: z.string().nullable(),
  level: z.string().nullable(),
  isDefault: z.boolean(),
  isPublic: z.boolean(),
});

export const RoleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  isSystem: z.boolean(),
  rules: z.array(z.string()),
});

export const CreateRoleInputSchema = z.object({ roleId: RoleIdSchema, name: DisplayNameSchema, description: DescriptionSchema.optional() });
export const UpdateRoleInputSchema = z.object({
  roleId: RoleIdSchema,
  name: DisplayNameSchema.optional(),
  description: DescriptionSchema.nullable().optional(),
});
export const RoleIdInputSchema = z.object({ roleId: RoleIdSchema });
export const SetRoleRulesInputSchema = z.object({ roleId: RoleIdSchema, rules: z.array(RuleIdSchema).max(10_000) });

// ---- Teams and resource grants -----------------------------------------------------

export const TeamMemberSchema = z.object({ type: SubjectTypeSchema, id: z.string(), isManager: z.boolean() });

export const TeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  members: z.array(TeamMemberSchema),
});

export const CreateTeamInputSchema = z.object({ name: DisplayNameSchema, description: DescriptionSchema.optional() });
export const TeamIdInputSchema = z.object({ teamId: UuidSchema });
export const SetTeamMemberInputSchema = z.object({
  teamId: UuidSchema,
  memberType: SubjectTypeSchema,
  memberId: UuidSchema,
  isManager: z.boolean().default(false),
});
export const RemoveTeamMemberInputSchema = z.object({ teamId: UuidSchema, memberType: SubjectTypeSchema, memberId: UuidSchema });

export const ResourceRefSchema = z.object({
  resourceType: z.string().min(1).max(200),
  resourceId: z.string().min(1).max(200),
});

export const ResourceGrantSchema = ResourceRefSchema.extend({ teamId: z.string(), canRead: z.boolean(), canManage: z.boolean() });

export const GrantResourceInputSchema = ResourceRefSchema.extend({
  teamId: UuidSchema,
  canRead: z.boolean().default(true),
  canManage: z.boolean().default(false),
});
export const RevokeResourceInputSchema = ResourceRefSchema.extend({ teamId: UuidSchema });
export const SetTeamOnlyInputSchema = ResourceRefSchema.extend({ teamOnly: z.boolean() });

// ---- Applications (API keys) -------------------------------------------------------

export const ApplicationSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  roles: z.array(z.string()),
  teams: z.array(z.string()),
  createdAt: z.date(),
  createdBy: z.string().nullable(),
});
export type Application = z.infer<typeof ApplicationSchema>;

export const CreateApplicationInputSchema = z.object({
  name: DisplayNameSchema,
  description: DescriptionSchema.optional(),
  roles: z.array(RoleIdSchema).max(100).default([]),
  teams: z.array(UuidSchema).max(100).default([]),
});

export const CreatedApplicationSchema = z.object({
  application: ApplicationSchema,
  /** Shown once: only its HMAC is stored. Send it as "Authorization: Bearer <key>". */
  key: z.string(),
});

export const UpdateApplicationInputSchema = z.object({
  applicationId: UuidSchema,
  name: DisplayNameSchema.optional(),
  description: DescriptionSchema.nullable().optional(),
  /** Replaces the application's roles. */
  roles: z.array(RoleIdSchema).max(100).optional(),
  /** Replaces the application's team memberships. */
  teams: z.array(UuidSchema).max(100).optional(),
});
export const ApplicationIdInputSchema = z.object({ applicationId: UuidSchema });

// ---- Audit ----------------------------------------------------------------------------

import { dateInput, MAX_AUDIT_PAGE } from "@checkstack/common";

export { MAX_AUDIT_PAGE };

/**
 * The audit procedure's input: the platform's audit query (AuditQuerySchema in @checkstack/common) as the
 * API pages it, with an opaque cursor in place of the platform's beforeId.
 */
export const AuditQueryInputSchema = z
  .object({
    /** A principal label as recorded: "user:<id>", "application:<id>", "system:<plugin>", "anonymous". */
    principal: z.string().min(1).max(300).optional(),
    schemaName: z.string().min(1).max(63).optional(),
    tableName: z.string().min(1).max(63).optional(),
    from: dateInput().optional(),
    to: dateInput().optional(),
    /** Opaque: the nextCursor of the previous (newer) page. */
    cursor: z.string().regex(/^[1-9][0-9]{0,18}$/, "cursor is not a cursor this server returned (pass nextCursor from the previous page)").optional(),
    limit: z.number().int().min(1).max(MAX_AUDIT_PAGE, `at most ${MAX_AUDIT_PAGE} entries per page`).default(100),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: "from must not be after to", path: ["from"] });

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.date(),
  principal: z.string(),
  requestId: z.string().nullable(),
  /** The client's X-Request-Id; requestId is the platform's own, unique per request. */
  clientRequestId: z.string().nullable(),
  schemaName: z.string(),
  tableName: z.string(),
  operation: z.string(),
  oldRow: z.unknown(),
  newRow: z.unknown(),
});

export const AuditPageSchema = z.object({
  items: z.array(AuditEntrySchema),
  /** Pass as cursor for the next (older) page; null when this page is the last. */
  nextCursor: z.string().nullable(),
});
