import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The platform keeps this plugin's tables in the schema plugin_status_notes and
 * points its migrations and queries there, so table names need no prefix.
 */
export const statusNotesItems = pgTable("status_notes", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  description: text("description"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
