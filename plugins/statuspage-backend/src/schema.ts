import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Section } from "@checkstack/statuspage-common";

/**
 * Status pages; one row is one "statuspage.page" resource (row-level security by the platform).
 * Sections are one JSON document validated at the boundary: a page's layout is always replaced whole,
 * and the audit trail then shows the whole before and after in one row change.
 * owner_team_id names a team but has no foreign key: access comes from the resource grant.
 */
export const pages = pgTable(
  "pages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    logoUrl: text("logo_url"),
    accentColor: text("accent_color").notNull(),
    theme: text("theme", { enum: ["light", "dark", "auto"] }).notNull(),
    visibility: text("visibility", { enum: ["public", "signed_in"] }).notNull(),
    state: text("state", { enum: ["draft", "published"] }).notNull().default("draft"),
    ownerTeamId: uuid("owner_team_id"),
    sections: jsonb("sections").$type<Section[]>().notNull().default([]),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("pages_slug_idx").on(table.slug), index("pages_state_idx").on(table.state)],
);
