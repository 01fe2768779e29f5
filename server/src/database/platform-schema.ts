import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, integer, jsonb, pgSchema, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

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

/**
 * The durable record of broadcast hook events. NOTIFY only wakes instances;
 * each instance reads what it has not delivered yet from here.
 */
export const hookOutbox = platformSchema.table(
  "hook_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    hookId: text("hook_id").notNull(),
    payload: jsonb("payload").notNull(),
    emittedAt: timestamp("emitted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("hook_outbox_emitted_at_idx").on(table.emittedAt)],
);

/**
 * Who listens to which hook, cluster-wide: "broadcast", or the pg-boss queue
 * of a work-queue group. Emitters read it in the same statement that records
 * the event, so a subscription made on another instance is never missed.
 */
export const hookSubscriptions = platformSchema.table(
  "hook_subscriptions",
  {
    hookId: text("hook_id").notNull(),
    pluginId: text("plugin_id").notNull(),
    target: text("target").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.hookId, table.pluginId, table.target] })],
);

/**
 * Sub-minute recurring jobs (QueueService.scheduleRecurring with everySeconds;
 * cron schedules live in pg-boss). Every instance's ticker claims due rows
 * with FOR UPDATE SKIP LOCKED and advances next_run_at in the transaction that
 * enqueues the job, so each tick yields one job cluster-wide.
 */
export const recurringJobs = platformSchema.table(
  "recurring_jobs",
  {
    pluginId: text("plugin_id").notNull(),
    name: text("name").notNull(),
    /** The namespaced pg-boss queue ("<pluginId>.<queue>"). */
    queue: text("queue").notNull(),
    everySeconds: integer("every_seconds").notNull(),
    data: jsonb("data").notNull(),
    nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.pluginId, table.name] }),
    index("recurring_jobs_next_run_at_idx").on(table.nextRunAt),
    check("recurring_jobs_every_seconds_check", sql`${table.everySeconds} >= 1`),
  ],
);
