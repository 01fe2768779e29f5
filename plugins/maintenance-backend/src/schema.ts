import { sql } from "drizzle-orm";
import { desc } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { OccurrenceStatus, Recurrence } from "@checkstack/maintenance-common";

/**
 * One row is one "maintenance.window" resource: when it happens (wall clock
 * in its timezone) and how it repeats. owner_team_id names a team without a
 * foreign key; the team's access comes from a resource grant.
 */
export const windows = pgTable(
  "windows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    systemIds: uuid("system_ids").array().notNull().default(sql`'{}'::uuid[]`),
    startLocal: text("start_local").notNull(),
    endLocal: text("end_local").notNull(),
    timezone: text("timezone").notNull(),
    recurrence: jsonb("recurrence").$type<Recurrence>().notNull(),
    untilLocal: text("until_local"),
    upcomingLeadMinutes: integer("upcoming_lead_minutes").notNull().default(60),
    ownerTeamId: uuid("owner_team_id"),
    createdBy: text("created_by").notNull(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    cancelledBy: text("cancelled_by"),
    /** Occurrences starting before this instant exist as rows; the top-up job moves it ahead. */
    materialisedUntil: timestamp("materialised_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("windows_created_id_idx").on(desc(table.createdAt), desc(table.id)),
    // "Which windows cover these systems" (alert suppression, status pages).
    index("windows_system_ids_idx").using("gin", table.systemIds),
  ],
);

/**
 * One occurrence of a window. Its status moves scheduled → in_progress →
 * completed (or cancelled) by compare-and-set UPDATEs: the instance whose
 * UPDATE returns the row emits the hook, so each transition happens once.
 */
export const occurrences = pgTable(
  "occurrences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    windowId: uuid("window_id")
      .notNull()
      .references(() => windows.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    status: text("status").$type<OccurrenceStatus>().notNull().default("scheduled"),
    /** starts_at minus the window's lead time: when maintenance.upcoming is due. */
    announceAt: timestamp("announce_at", { withTimezone: true }).notNull(),
    upcomingAnnouncedAt: timestamp("upcoming_announced_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    cancelledBy: text("cancelled_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // Materialising twice (two instances, a retried job) inserts nothing the second time.
    uniqueIndex("occurrences_window_start_idx").on(table.windowId, table.startsAt),
    // The ticker's three questions, each answered from a small partial index.
    index("occurrences_due_announce_idx").on(table.announceAt).where(sql`status = 'scheduled' AND upcoming_announced_at IS NULL`),
    index("occurrences_due_start_idx").on(table.startsAt).where(sql`status = 'scheduled'`),
    index("occurrences_due_end_idx").on(table.endsAt).where(sql`status = 'in_progress'`),
  ],
);
