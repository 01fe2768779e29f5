import { desc } from "drizzle-orm";
import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { Impact, IncidentStatus } from "@checkstack/incident-common";

/**
 * One row is one "incident.incident" resource. owner_team_id names a team in
 * checkstack.teams without a foreign key (plugins do not reach into platform
 * tables); the team's access comes from a resource grant.
 */
export const incidents = pgTable(
  "incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    status: text("status").$type<IncidentStatus>().notNull(),
    impact: text("impact").$type<Impact>().notNull(),
    ownerTeamId: uuid("owner_team_id"),
    /** The principal that opened it (the audit trail has it too; this is for display). */
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  // Keyset pages, newest first; the partial-free index also serves "unresolved" (few rows).
  (table) => [index("incidents_created_id_idx").on(desc(table.createdAt), desc(table.id))],
);

/** The systems an incident affects, each with its own impact. */
export const incidentSystems = pgTable(
  "incident_systems",
  {
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    systemId: uuid("system_id").notNull(),
    impact: text("impact").$type<Impact>().notNull(),
  },
  // The index serves the status-page source ("incidents touching these systems").
  (table) => [primaryKey({ columns: [table.incidentId, table.systemId] }), index("incident_systems_system_idx").on(table.systemId)],
);

/** The timeline: one row per update, with the status and impact it moved to (null when unchanged). */
export const incidentUpdates = pgTable(
  "incident_updates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    status: text("status").$type<IncidentStatus>(),
    impact: text("impact").$type<Impact>(),
    author: text("author").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("incident_updates_incident_idx").on(table.incidentId, table.createdAt)],
);
