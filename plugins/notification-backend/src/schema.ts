import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { EscalationStep, Selection } from "@checkstack/notification-common";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** A destination: one "notification.channel" resource per row. config has its secret fields sealed for "channel:<id>". */
export const channels = pgTable("channels", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind").notNull(),
  config: jsonb("config").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  ownerTeamId: uuid("owner_team_id"),
  /**
   * A personal channel: owned by this user, seen and changed only by them and admins (a restrictive
   * row policy, see drizzle/0002), and not part of the file the config export writes.
   */
  ownerUserId: text("owner_user_id"),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Which systems page which channels, and how; one "notification.rule" resource per row. */
export const rules = pgTable("rules", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  selection: jsonb("selection").$type<Selection>().notNull(),
  severity: text("severity").$type<"degraded" | "unhealthy">().notNull(),
  channelIds: jsonb("channel_ids").$type<string[]>().notNull(),
  notifyRecovery: boolean("notify_recovery").notNull().default(true),
  reminderMinutes: integer("reminder_minutes"),
  reminderMaxCount: integer("reminder_max_count").notNull().default(12),
  escalation: jsonb("escalation").$type<EscalationStep[]>().notNull().default([]),
  groupingSeconds: integer("grouping_seconds").notNull().default(30),
  template: text("template"),
  ownerTeamId: uuid("owner_team_id"),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The last status change applied per system. Events of one system are applied under this row's
 * lock and only when newer than it, so two instances handling a system's events side by side (or
 * a redelivered old one) cannot reorder them.
 */
export const systemState = pgTable("system_state", {
  systemId: uuid("system_id").primaryKey(),
  status: text("status").notNull(),
  changedAt: timestamp("changed_at", { withTimezone: true, precision: 3 }).notNull(),
});

/** Every applied change, for flapping detection; trimmed by retention. */
export const statusChanges = pgTable(
  "status_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    systemId: uuid("system_id").notNull(),
    status: text("status").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (table) => [index("status_changes_system_at_idx").on(table.systemId, table.at)],
);

/** One episode of a system being not healthy. At most one open alert per system (the partial unique index). */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    systemId: uuid("system_id").notNull(),
    systemName: text("system_name").notNull(),
    severity: text("severity").$type<"degraded" | "unhealthy">().notNull(),
    state: text("state").$type<"open" | "resolved">().notNull().default("open"),
    parentAlertId: uuid("parent_alert_id"),
    /** Systems this one depends on critically (transitively), nearest first: checked again at send time. */
    upstreamSystemIds: jsonb("upstream_system_ids").$type<string[]>().notNull().default([]),
    reason: text("reason"),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("alerts_one_open_per_system").on(table.systemId).where(sql`state = 'open'`),
    index("alerts_parent_idx").on(table.parentAlertId),
    index("alerts_opened_idx").on(table.openedAt),
  ],
);

/** Kept apart from alerts: acknowledging needs alert.manage, not manage rights on the system the alert row is guarded by. */
export const acknowledgements = pgTable("acknowledgements", {
  alertId: uuid("alert_id")
    .primaryKey()
    .references(() => alerts.id, { onDelete: "cascade" }),
  acknowledgedBy: text("acknowledged_by").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
});

/** What happened to an alert and why: opened, escalated, suppressed (with the reason), folded, notified, ... */
export const timeline = pgTable(
  "timeline",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    alertId: uuid("alert_id")
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    event: text("event").notNull(),
    detail: text("detail"),
  },
  (table) => [index("timeline_alert_idx").on(table.alertId, table.id)],
);

/** Reminder and escalation cadence per (alert, rule); claimed by compare-and-set from the cluster-wide tick. */
export const alertRuleState = pgTable(
  "alert_rule_state",
  {
    alertId: uuid("alert_id")
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    ruleId: uuid("rule_id").notNull(),
    remindersSent: integer("reminders_sent").notNull().default(0),
    nextReminderAt: timestamp("next_reminder_at", { withTimezone: true }),
    escalationStep: integer("escalation_step").notNull().default(0),
    nextEscalationAt: timestamp("next_escalation_at", { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.alertId, table.ruleId] }),
    index("alert_rule_state_reminder_idx").on(table.nextReminderAt),
    index("alert_rule_state_escalation_idx").on(table.nextEscalationAt),
  ],
);

/**
 * One message to one channel, possibly grouping several notifications. Its id is the message id
 * receivers see (webhook-id), fixed when the row is written, so a resend after a crash carries the
 * same id. "collecting": still open for the grouping window (at most one per channel).
 */
export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channelId: uuid("channel_id").notNull(),
    state: text("state").$type<"open" | "sending" | "retrying" | "delivered" | "failed" | "dropped">().notNull().default("open"),
    collecting: boolean("collecting").notNull().default(false),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    title: text("title"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("messages_collecting_per_channel").on(table.channelId).where(sql`collecting`),
    index("messages_state_due_idx").on(table.state, table.dueAt),
    index("messages_channel_idx").on(table.channelId, table.createdAt),
  ],
);

/**
 * The outbox: one row per (alert, channel, message kind[, reminder n]), written in the transaction
 * of the change that causes it. dedupe_key is UNIQUE: a second writer of the same change (a
 * redelivered event, a second rule to the same channel) cannot create a second row.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dedupeKey: text("dedupe_key").notNull(),
    alertId: uuid("alert_id")
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    ruleId: uuid("rule_id"),
    channelId: uuid("channel_id").notNull(),
    kind: text("kind").notNull(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    state: text("state").$type<"pending" | "sent" | "dropped">().notNull().default("pending"),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("notifications_dedupe_key").on(table.dedupeKey), index("notifications_message_idx").on(table.messageId), index("notifications_alert_idx").on(table.alertId)],
);

/** Every attempt of every message: the delivery log. */
export const deliveryAttempts = pgTable(
  "delivery_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    messageId: uuid("message_id").notNull(),
    channelId: uuid("channel_id").notNull(),
    alertIds: jsonb("alert_ids").$type<string[]>().notNull(),
    kind: text("kind").notNull(),
    status: text("status").$type<"delivered" | "failed" | "retrying">().notNull(),
    providerStatus: integer("provider_status"),
    error: text("error"),
    attempt: integer("attempt").notNull(),
    durationMs: integer("duration_ms").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("delivery_attempts_channel_idx").on(table.channelId, table.at), index("delivery_attempts_at_idx").on(table.at), index("delivery_attempts_message_idx").on(table.messageId)],
);

/** Mutes a system, a group or a rule until a time; writes are audited by the platform. */
export const silences = pgTable(
  "silences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    targetType: text("target_type").$type<"system" | "group" | "rule">().notNull(),
    targetId: uuid("target_id").notNull(),
    until: timestamp("until", { withTimezone: true }).notNull(),
    reason: text("reason").notNull(),
    createdBy: text("created_by"),
    createdAt: createdAt(),
  },
  (table) => [index("silences_target_idx").on(table.targetType, table.targetId, table.until)],
);

/** What an announcement says, rendered when its event is handled (so every retry sends the same words). */
export interface AnnouncementContent {
  title: string;
  text: string;
  severity: "info" | "degraded" | "unhealthy" | "healthy";
  systems: Array<{ id: string; name: string; status: "healthy" | "degraded" | "unhealthy" | "unknown" }>;
  occurredAt: string;
  /** Stable for the incident or maintenance occurrence: the provider's thread or dedup key. */
  subjectKey: string;
}

/**
 * Incident and maintenance notifications: one row per (event, channel), written in the transaction of
 * the hook delivery that handles the event, beside the alert outbox. dedupe_key is UNIQUE, so a
 * redelivered event cannot write a second row; the id is the message id receivers see.
 */
export const announcements = pgTable(
  "announcements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dedupeKey: text("dedupe_key").notNull(),
    channelId: uuid("channel_id").notNull(),
    ruleId: uuid("rule_id"),
    kind: text("kind").$type<"incident" | "maintenance">().notNull(),
    content: jsonb("content").$type<AnnouncementContent>().notNull(),
    state: text("state").$type<"open" | "retrying" | "delivered" | "failed" | "dropped">().notNull().default("open"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (table) => [uniqueIndex("announcements_dedupe_key").on(table.dedupeKey), index("announcements_state_idx").on(table.state, table.createdAt)],
);

/** Keys of signed links in messages (id "ack": acknowledge links), sealed with the platform's secret key. */
export const linkKeys = pgTable("link_keys", {
  id: text("id").primaryKey(),
  sealed: jsonb("sealed").notNull(),
  createdAt: createdAt(),
});
