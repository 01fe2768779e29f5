import { boolean, integer, jsonb, pgSchema, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** The platform's own tables. Plugins keep theirs in plugin_<id>. */
export const platformSchema = pgSchema("checkstack");

/** Every plugin the cluster knows of. New instances load what is enabled here. */
export const plugins = platformSchema.table("plugins", {
  id: text("id").primaryKey(),
  version: text("version").notNull(),
  /** Where the package came from: "bundled", a folder path, a tarball path or an npm spec. */
  source: text("source").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Plugin settings written through the ConfigService; secret fields hold ciphertext. */
export const pluginConfigs = platformSchema.table(
  "plugin_configs",
  {
    pluginId: text("plugin_id").notNull(),
    key: text("key").notNull(),
    version: integer("version").notNull(),
    value: jsonb("value").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.pluginId, table.key] })],
);

/** Cluster-wide platform facts, such as the fingerprint of the secrets key. */
export const platformSettings = platformSchema.table("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
