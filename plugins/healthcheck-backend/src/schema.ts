import { sql } from "drizzle-orm";
import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const checks = pgTable("checks", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  strategyId: text("strategy_id").notNull(),
  /** The strategy config with its secret fields sealed. */
  config: jsonb("config").notNull(),
  intervalSeconds: integer("interval_seconds").notNull(),
  timeoutMs: integer("timeout_ms").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  assertions: jsonb("assertions").notNull().default([]),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const checkSystems = pgTable(
  "check_systems",
  {
    checkId: uuid("check_id")
      .notNull()
      .references(() => checks.id, { onDelete: "cascade" }),
    systemId: text("system_id").notNull(),
  },
  (table) => [primaryKey({ columns: [table.checkId, table.systemId] }), index("check_systems_system_idx").on(table.systemId)],
);

/**
 * One row per (check, system): when it is due and who holds it. Instances
 * claim due rows with FOR UPDATE SKIP LOCKED; a lease keeps a slow run from
 * overlapping its next one and expires if its instance dies. next_run_at is
 * the scheduled time of the run in flight until its result is written, so an
 * expired lease makes that same run due again at once. The holder renews
 * the lease while the run is in flight (scheduler/lease-renewal.ts); a live
 * lease is never taken over, an expired one never revived. lease_token fences
 * the write: only the holder of the current, unexpired lease records a result.
 */
export const schedule = pgTable(
  "schedule",
  {
    checkId: uuid("check_id")
      .notNull()
      .references(() => checks.id, { onDelete: "cascade" }),
    systemId: text("system_id").notNull(),
    nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    leaseToken: uuid("lease_token"),
  },
  (table) => [
    primaryKey({ columns: [table.checkId, table.systemId] }),
    // When the pair is next claimable: its run time, or its live lease's end, whichever is later.
    index("schedule_due_idx").using("btree", sql`greatest(${table.nextRunAt}, ${table.leaseUntil})`),
  ],
);

export const runs = pgTable(
  "runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    checkId: uuid("check_id").notNull(),
    systemId: text("system_id").notNull(),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    healthy: boolean("healthy").notNull(),
    message: text("message"),
    metadata: jsonb("metadata"),
    instanceId: text("instance_id").notNull(),
  },
  (table) => [
    index("runs_system_started_idx").on(table.systemId, table.startedAt),
    index("runs_check_system_started_idx").on(table.checkId, table.systemId, table.startedAt),
    index("runs_started_idx").on(table.startedAt),
  ],
);

/** The latest judgement of each (check, system). `recent` holds the last runs, newest first: "1" healthy, "0" failed. */
export const checkState = pgTable(
  "check_state",
  {
    checkId: uuid("check_id")
      .notNull()
      .references(() => checks.id, { onDelete: "cascade" }),
    systemId: text("system_id").notNull(),
    status: text("status").notNull(),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    recent: text("recent").notNull().default(""),
    lastRunAt: timestamp("last_run_at", { withTimezone: true }),
    lastMessage: text("last_message"),
  },
  (table) => [primaryKey({ columns: [table.checkId, table.systemId] }), index("check_state_system_idx").on(table.systemId)],
);

export const systemThresholds = pgTable("system_thresholds", {
  systemId: text("system_id").primaryKey(),
  thresholds: jsonb("thresholds").notNull(),
});

/** A system's status; written only when it changes, so each transition is one audited update. */
export const systemStatus = pgTable("system_status", {
  systemId: text("system_id").primaryKey(),
  status: text("status").notNull(),
  since: timestamp("since", { withTimezone: true }).notNull().defaultNow(),
});

const bucketColumns = {
  checkId: uuid("check_id").notNull(),
  systemId: text("system_id").notNull(),
  bucket: timestamp("bucket", { withTimezone: true }).notNull(),
  count: integer("count").notNull(),
  failures: integer("failures").notNull(),
  latencyP50: doublePrecision("latency_p50"),
  latencyP95: doublePrecision("latency_p95"),
  latencyMax: doublePrecision("latency_max"),
};

export const rollupsHourly = pgTable("rollups_hourly", bucketColumns, (table) => [
  primaryKey({ columns: [table.checkId, table.systemId, table.bucket] }),
  index("rollups_hourly_system_bucket_idx").on(table.systemId, table.bucket),
]);

export const rollupsDaily = pgTable("rollups_daily", bucketColumns, (table) => [
  primaryKey({ columns: [table.checkId, table.systemId, table.bucket] }),
  index("rollups_daily_system_bucket_idx").on(table.systemId, table.bucket),
]);
