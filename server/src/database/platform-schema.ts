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

/**
 * Every running instance, kept fresh by its heartbeat. An instance whose
 * heartbeat is old is gone (crashed or partitioned); its rows are pruned.
 * Not audited: liveness telemetry, written every few seconds.
 */
export const instances = platformSchema.table(
  "instances",
  {
    id: text("id").primaryKey(),
    hostname: text("hostname").notNull(),
    pid: integer("pid").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("instances_heartbeat_at_idx").on(table.heartbeatAt)],
);

/**
 * Which plugins each instance has loaded (or failed to), and since when: the
 * cluster's view of a runtime install or removal as it spreads. Not audited.
 */
export const instancePlugins = platformSchema.table(
  "instance_plugins",
  {
    instanceId: text("instance_id")
      .notNull()
      .references(() => instances.id, { onDelete: "cascade" }),
    pluginId: text("plugin_id").notNull(),
    /** "ready", "loading" or "failed". */
    state: text("state").notNull(),
    version: text("version"),
    loadedAt: timestamp("loaded_at", { withTimezone: true }),
    error: text("error"),
    /** Service ids the plugin registered, and those it needs from other plugins: removal guards read them cluster-wide. */
    provides: text("provides").array().notNull().default(sql`'{}'::text[]`),
    needs: text("needs").array().notNull().default(sql`'{}'::text[]`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.instanceId, table.pluginId] }),
    index("instance_plugins_plugin_idx").on(table.pluginId),
    check("instance_plugins_state_check", sql`${table.state} in ('ready', 'loading', 'failed')`),
  ],
);

/**
 * Installs, removals, disables and enables requested through the admin API:
 * who asked, with which options, and whether the cluster finished it. The
 * once-per-cluster handlers read their options (deleteSchema) from here.
 */
export const pluginOperations = platformSchema.table(
  "plugin_operations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    pluginId: text("plugin_id").notNull(),
    action: text("action").notNull(),
    deleteSchema: boolean("delete_schema").notNull().default(false),
    requestedBy: text("requested_by").notNull(),
    requestId: text("request_id"),
    status: text("status").notNull().default("running"),
    error: text("error"),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (table) => [
    index("plugin_operations_plugin_idx").on(table.pluginId, table.id),
    check("plugin_operations_action_check", sql`${table.action} in ('install', 'deregister', 'disable', 'enable')`),
    check("plugin_operations_status_check", sql`${table.status} in ('running', 'done', 'failed')`),
  ],
);
