import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Resources created (or last written) by a configuration file: `--prune` deletes only these unless
 * told `--prune-all`. Keyed by the resource's id, so a resource deleted and re-made by hand under the
 * same name is not mistaken for the file's. `digest` is the hash of the item last applied, which
 * notices a changed secret the export can only show as "********".
 */
export const managed = pgTable(
  "managed",
  {
    section: text("section").notNull(),
    resourceId: text("resource_id").notNull(),
    name: text("name").notNull(),
    digest: text("digest").notNull(),
    appliedAt: timestamp("applied_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.section, table.resourceId] })],
);

/** One row per apply that changed something: the audit trail's summary of one file applied as one transaction. */
export const applies = pgTable("applies", {
  id: uuid("id").primaryKey().defaultRandom(),
  creates: integer("creates").notNull(),
  updates: integer("updates").notNull(),
  deletes: integer("deletes").notNull(),
  changes: jsonb("changes").$type<Array<{ section: string; action: string; name: string }>>().notNull(),
  appliedAt: timestamp("applied_at", { withTimezone: true }).notNull().defaultNow(),
});
