import { z } from "zod";

/**
 * What AccessAdministration accepts. Its callers validate too, but this is the
 * boundary of the platform's tables, so it checks again rather than trusting them.
 */

/** Role ids appear in URLs, logs and audit rows: a slug, like "incident-responders". */
export const roleIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/, "role ids are lowercase letters and digits, words joined by single - or _")
  .max(64, "role ids are at most 64 characters");

export const SYSTEM_ROLES = { admin: "admin", users: "users", anonymous: "anonymous" } as const;

export const roleNameSchema = z.string().trim().min(1, "the name must not be empty").max(100);
export const descriptionSchema = z.string().trim().max(1000);

export const newRoleSchema = z.object({
  id: roleIdSchema,
  name: roleNameSchema,
  description: descriptionSchema.optional(),
});

export const roleChangesSchema = z.object({
  name: roleNameSchema.optional(),
  description: descriptionSchema.nullable().optional(),
});

export const ruleIdSchema = z.string().min(1).max(200);
export const ruleIdsSchema = z.array(ruleIdSchema).max(10_000);

/** Principal ids are owned by the auth plugin (uuids today); kept opaque but bounded. */
export const subjectSchema = z.object({
  type: z.enum(["user", "application"]),
  id: z.string().min(1).max(200),
});

export const teamIdSchema = z.uuid("team ids are UUIDs");

export const newTeamSchema = z.object({
  name: z.string().trim().min(1, "the team name must not be empty").max(100),
  description: descriptionSchema.optional(),
});

export const resourceSchema = z.object({
  resourceType: z.string().min(1).max(200),
  resourceId: z.string().min(1).max(200),
});

export const resourceGrantSchema = resourceSchema
  .extend({ teamId: teamIdSchema, canRead: z.boolean(), canManage: z.boolean() })
  .refine((grant) => grant.canRead || grant.canManage, "a grant must allow reading or managing; revoke it instead");
