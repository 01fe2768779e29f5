import { z } from "zod";

// ---- Building blocks --------------------------------------------------------

export const NameSchema = z.string().trim().min(1, "the name must not be empty").max(200, "names are at most 200 characters");
export const DescriptionSchema = z.string().trim().max(2000, "descriptions are at most 2000 characters");
export const SystemIdSchema = z.uuid("systemId must be a UUID");
export const GroupIdSchema = z.uuid("groupId must be a UUID");
export const TeamIdSchema = z.uuid("ownerTeamId must be a UUID");

/** Links are rendered as anchors on status pages, so only web URLs are accepted (no javascript: and the like). */
export const LinkSchema = z.object({
  label: z.string().trim().min(1, "a link needs a label").max(100, "link labels are at most 100 characters"),
  url: z.url({ protocol: /^https?$/, message: "links must be http(s) URLs" }).max(2000, "URLs are at most 2000 characters"),
});
export type Link = z.infer<typeof LinkSchema>;

export const LinksSchema = z.array(LinkSchema).max(50, "at most 50 links");

const MAX_METADATA_KEYS = 50;
/** Free-form string pairs (e.g. "tier": "1"); bounded so a row cannot grow without limit. */
export const MetadataSchema = z
  .record(z.string().trim().min(1, "metadata keys must not be empty").max(100), z.string().max(2000))
  .refine((value) => Object.keys(value).length <= MAX_METADATA_KEYS, `at most ${MAX_METADATA_KEYS} metadata entries`);

// ---- Systems ---------------------------------------------------------------

/**
 * A link as the catalog returns it. LinkSchema parsed its URL when it was written; on the way out a
 * prefix check keeps the guarantee that only web URLs leave (no javascript: and the like) without
 * parsing every URL of every row again, which was a measurable part of listing systems (docs/read-paths.md).
 */
export const StoredLinkSchema = z.object({ label: z.string(), url: z.string().regex(/^https?:\/\//i, "links must be http(s) URLs") });

export const SystemSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  ownerTeamId: z.string().nullable(),
  links: z.array(StoredLinkSchema),
  metadata: z.record(z.string(), z.string()),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type System = z.infer<typeof SystemSchema>;

export const CreateSystemSchema = z
  .object({
    name: NameSchema,
    description: DescriptionSchema.optional(),
    ownerTeamId: TeamIdSchema.optional(),
    /** Only the owner team (and admins) may see or change the system. */
    teamOnly: z.boolean().default(false),
    links: LinksSchema.default([]),
    metadata: MetadataSchema.default({}),
  })
  // A team-only system without a team would be visible to admins alone: almost certainly a mistake.
  .refine((input) => !input.teamOnly || input.ownerTeamId !== undefined, {
    message: "teamOnly needs an ownerTeamId",
    path: ["teamOnly"],
  });
export type CreateSystem = z.infer<typeof CreateSystemSchema>;

/** Fields left out stay as they are; null clears description and owner. */
export const UpdateSystemSchema = z.object({
  systemId: SystemIdSchema,
  name: NameSchema.optional(),
  description: DescriptionSchema.nullable().optional(),
  ownerTeamId: TeamIdSchema.nullable().optional(),
  teamOnly: z.boolean().optional(),
  links: LinksSchema.optional(),
  metadata: MetadataSchema.optional(),
});
export type UpdateSystem = z.infer<typeof UpdateSystemSchema>;

export const SystemRefSchema = z.object({ systemId: SystemIdSchema });
export const SystemListSchema = z.object({ systems: z.array(SystemSchema) });

/** Keyset pages of systems, by name then id. Callers that send nothing get the first page of the default size. */
export const MAX_SYSTEM_PAGE = 500;
export const ListSystemsInputSchema = z
  .object({
    /** Opaque: the nextCursor of the previous page. */
    cursor: z.string().min(1, "cursor must not be empty").max(1000, "cursor is at most 1000 characters").optional(),
    limit: z
      .number()
      .int("limit must be a whole number")
      .min(1, "limit is at least 1")
      .max(MAX_SYSTEM_PAGE, `limit is at most ${MAX_SYSTEM_PAGE}`)
      .default(MAX_SYSTEM_PAGE),
    /** Only the systems this team owns. */
    ownerTeamId: TeamIdSchema.optional(),
  })
  .default({ limit: MAX_SYSTEM_PAGE });
export type ListSystemsInput = z.infer<typeof ListSystemsInputSchema>;
/** A page in the platform's one shape: `items`, and nextCursor (null on the last page) to pass back as `cursor`. */
export const SystemPageSchema = z.object({ items: z.array(SystemSchema), nextCursor: z.string().nullable() });

export const SystemsByIdsSchema = z.object({ systemIds: z.array(SystemIdSchema).max(1000, "at most 1000 ids per call") });

// ---- Groups ----------------------------------------------------------------

export const GroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Group = z.infer<typeof GroupSchema>;

export const CreateGroupSchema = z.object({ name: NameSchema, description: DescriptionSchema.optional() });
export type CreateGroup = z.infer<typeof CreateGroupSchema>;

export const UpdateGroupSchema = z.object({
  groupId: GroupIdSchema,
  name: NameSchema.optional(),
  description: DescriptionSchema.nullable().optional(),
});
export type UpdateGroup = z.infer<typeof UpdateGroupSchema>;

export const GroupRefSchema = z.object({ groupId: GroupIdSchema });
export const GroupListSchema = z.object({ groups: z.array(GroupSchema) });
export const MembershipSchema = z.object({ groupId: GroupIdSchema, systemId: SystemIdSchema });

// ---- Results ---------------------------------------------------------------

export const DeletedSchema = z.object({ deleted: z.literal(true) });
export const ChangedSchema = z.object({ changed: z.boolean() });

// ---- Dependencies ----------------------------------------------------------

/** critical: the dependant is down when its upstream is; degraded: it only works worse. */
export const DependencyImpactSchema = z.enum(["critical", "degraded"]);
export type DependencyImpact = z.infer<typeof DependencyImpactSchema>;

export const AddDependencySchema = z.object({
  systemId: SystemIdSchema,
  dependsOnSystemId: z.uuid("dependsOnSystemId must be a UUID"),
  impact: DependencyImpactSchema.default("critical"),
});
export type AddDependency = z.infer<typeof AddDependencySchema>;

export const DependencyRefSchema = z.object({ systemId: SystemIdSchema, dependsOnSystemId: z.uuid("dependsOnSystemId must be a UUID") });

export const DependencySchema = z.object({
  systemId: z.string(),
  dependsOnSystemId: z.string(),
  impact: DependencyImpactSchema,
  createdAt: z.date(),
});
export type Dependency = z.infer<typeof DependencySchema>;

/** A system reached through dependencies; depth 1 is a direct one. */
export const RelatedSystemSchema = z.object({ systemId: z.string(), name: z.string(), impact: DependencyImpactSchema, depth: z.number().int() });
export type RelatedSystem = z.infer<typeof RelatedSystemSchema>;

/** What a system depends on (upstream) and what depends on it (downstream), transitively. */
export const SystemDependenciesSchema = z.object({
  systemId: z.string(),
  upstream: z.array(RelatedSystemSchema),
  downstream: z.array(RelatedSystemSchema),
});

/** For other plugins (alerting): a system with what decides who hears of it and what it hangs on. */
export const SystemContextSchema = z.object({
  systemId: z.string(),
  name: z.string(),
  ownerTeamId: z.string().nullable(),
  groupIds: z.array(z.string()),
  upstream: z.array(RelatedSystemSchema),
  downstream: z.array(RelatedSystemSchema),
});
export type SystemContext = z.infer<typeof SystemContextSchema>;
export const SystemContextListSchema = z.object({ systems: z.array(SystemContextSchema) });
