import { z } from "zod";

// ---- Building blocks --------------------------------------------------------

export const PageIdSchema = z.uuid("pageId must be a UUID");
/** The page's address, /status/<slug>: lower-case letters, digits and inner dashes. */
export const SlugSchema = z
  .string()
  .trim()
  .min(1, "slug must not be empty")
  .max(60, "slug is at most 60 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "slug may hold lower-case letters, digits and inner dashes only");
const TitleSchema = z.string().trim().min(1, "title must not be empty").max(200, "title is at most 200 characters");
const DescriptionSchema = z.string().trim().max(2000, "description is at most 2000 characters");
/** Rendered as an <img src>: web URLs only. */
const LogoUrlSchema = z.url({ protocol: /^https?$/, message: "logoUrl must be an http(s) URL" }).max(2000, "logoUrl is at most 2000 characters");
/** Goes into the page's CSS: a strict #rrggbb so nothing else can. */
const AccentColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, "accentColor must be a #rrggbb colour");
export const ThemeSchema = z.enum(["light", "dark", "auto"]);
/** public: anyone; signed_in: only signed-in users (anonymous visitors get a 401). */
export const VisibilitySchema = z.enum(["public", "signed_in"]);
export const PageStateSchema = z.enum(["draft", "published"]);
const DisplayNameSchema = z.string().trim().min(1, "displayName must not be empty").max(200, "displayName is at most 200 characters");

/** One entry of a section: a catalog system or a whole group, shown under the name the admin gives it. */
export const SectionItemSchema = z.union([
  z.object({ kind: z.literal("system"), systemId: z.uuid("systemId must be a UUID"), displayName: DisplayNameSchema }),
  z.object({ kind: z.literal("group"), groupId: z.uuid("groupId must be a UUID"), displayName: DisplayNameSchema }),
]);
export type SectionItem = z.infer<typeof SectionItemSchema>;

export const SectionSchema = z.object({
  title: z.string().trim().min(1, "section title must not be empty").max(200, "section title is at most 200 characters"),
  items: z.array(SectionItemSchema).max(200, "a section holds at most 200 items"),
});
export type Section = z.infer<typeof SectionSchema>;
export const SectionsSchema = z.array(SectionSchema).max(50, "a page holds at most 50 sections");

// ---- Pages -----------------------------------------------------------------

export const PageSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  logoUrl: z.string().nullable(),
  accentColor: z.string(),
  theme: ThemeSchema,
  visibility: VisibilitySchema,
  state: PageStateSchema,
  ownerTeamId: z.string().nullable(),
  sections: z.array(SectionSchema),
  publishedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Page = z.infer<typeof PageSchema>;

export const CreatePageSchema = z.object({
  slug: SlugSchema,
  title: TitleSchema,
  description: DescriptionSchema.optional(),
  logoUrl: LogoUrlSchema.optional(),
  accentColor: AccentColorSchema.default("#2563eb"),
  theme: ThemeSchema.default("auto"),
  visibility: VisibilitySchema.default("public"),
  ownerTeamId: z.uuid("ownerTeamId must be a UUID").optional(),
  sections: SectionsSchema.default([]),
});
export type CreatePage = z.infer<typeof CreatePageSchema>;

/** Fields left out stay as they are; null clears description and logo. */
export const UpdatePageSchema = z.object({
  pageId: PageIdSchema,
  slug: SlugSchema.optional(),
  title: TitleSchema.optional(),
  description: DescriptionSchema.nullable().optional(),
  logoUrl: LogoUrlSchema.nullable().optional(),
  accentColor: AccentColorSchema.optional(),
  theme: ThemeSchema.optional(),
  visibility: VisibilitySchema.optional(),
  sections: SectionsSchema.optional(),
});
export type UpdatePage = z.infer<typeof UpdatePageSchema>;

export const PageRefSchema = z.object({ pageId: PageIdSchema });

export const MAX_PAGE_LIST = 200;
export const ListPagesInputSchema = z
  .object({
    /** Opaque: the nextCursor of the previous answer. */
    cursor: z.string().min(1, "cursor must not be empty").max(500, "cursor is at most 500 characters").optional(),
    limit: z.number().int("limit must be a whole number").min(1, "limit is at least 1").max(MAX_PAGE_LIST, `limit is at most ${MAX_PAGE_LIST}`).default(50),
  })
  .default({ limit: 50 });
export type ListPagesInput = z.infer<typeof ListPagesInputSchema>;
/** nextCursor is null on the last page. */
export const PageListSchema = z.object({ items: z.array(PageSchema), nextCursor: z.string().nullable() });

export const DeletedSchema = z.object({ deleted: z.literal(true) });
