import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { DependencyImpact, Link } from "@checkstack/catalog-common";

/**
 * Systems: the things being monitored. One row is one "catalog.system"
 * resource; the platform puts row-level-security policies on the table.
 * owner_team_id names a team in checkstack.teams but has no foreign key:
 * plugin schemas do not reach into the platform's tables, and the owner's
 * access comes from a resource grant, not from this column.
 */
export const systems = pgTable(
  "systems",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description"),
    ownerTeamId: uuid("owner_team_id"),
    links: jsonb("links").$type<Link[]>().notNull().default([]),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Case-insensitive: "API" and "api" on one status page would be two systems nobody can tell apart.
  (table) => [
    uniqueIndex("systems_name_lower_idx").on(sql`lower(${table.name})`),
    // Keyset pages of listSystems (drizzle/0001_system_keyset.sql).
    index("systems_name_id_idx").on(table.name, table.id),
    index("systems_owner_name_id_idx").on(table.ownerTeamId, table.name, table.id),
  ],
);

/** Groups arrange systems on status pages; one row is one "catalog.group" resource. */
export const groups = pgTable(
  "groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("groups_name_lower_idx").on(sql`lower(${table.name})`)],
);

/** Which systems a group holds (many-to-many); rows go with either side. */
export const systemGroups = pgTable(
  "system_groups",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    systemId: uuid("system_id")
      .notNull()
      .references(() => systems.id, { onDelete: "cascade" }),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // The key serves "systems of a group"; the index serves the cascade when a system is deleted.
  (table) => [primaryKey({ columns: [table.groupId, table.systemId] }), index("system_groups_system_idx").on(table.systemId)],
);

/**
 * "system_id depends on depends_on_id": when the upstream is down, the dependant's own alerts fold
 * into the upstream's. Rows are as visible and changeable as the dependant system (row security on
 * system_id); cycles are refused by the service, under a lock, before the insert.
 */
export const systemDependencies = pgTable(
  "system_dependencies",
  {
    systemId: uuid("system_id")
      .notNull()
      .references(() => systems.id, { onDelete: "cascade" }),
    dependsOnId: uuid("depends_on_id")
      .notNull()
      .references(() => systems.id, { onDelete: "cascade" }),
    impact: text("impact").$type<DependencyImpact>().notNull().default("critical"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.systemId, table.dependsOnId] }),
    // Walking downstream (what is affected when a system fails) and the cascade of a deleted upstream.
    index("system_dependencies_depends_on_idx").on(table.dependsOnId),
    check("system_dependencies_not_self", sql`${table.systemId} <> ${table.dependsOnId}`),
    check("system_dependencies_impact", sql`${table.impact} IN ('critical', 'degraded')`),
  ],
);
