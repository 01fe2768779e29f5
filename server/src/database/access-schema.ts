import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, foreignKey, index, jsonb, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { platformSchema } from "./platform-schema";

/**
 * Who may do what, as rows. The decision itself is made by SQL functions in
 * sql/ (checkstack.may and friends), used both by autoAuthMiddleware and by the
 * row-level-security policies on plugin tables.
 */

/** Every rule a plugin registered, ids qualified with the plugin id ("catalog.system.read"). */
export const accessRules = platformSchema.table("access_rules", {
  id: text("id").primaryKey(),
  pluginId: text("plugin_id").notNull(),
  description: text("description"),
  /** Qualified resource type for instance-level checks ("catalog.system"), from accessPair. */
  resourceType: text("resource_type"),
  level: text("level"),
  isDefault: boolean("is_default").notNull().default(false),
  isPublic: boolean("is_public").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** System roles: admin (every rule), users (every user; default rules), anonymous (public rules). */
export const roles = platformSchema.table("roles", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description"),
  isSystem: boolean("is_system").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const roleRules = platformSchema.table(
  "role_rules",
  {
    roleId: text("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    ruleId: text("rule_id")
      .notNull()
      .references(() => accessRules.id, { onDelete: "cascade" }),
  },
  (table) => [primaryKey({ columns: [table.roleId, table.ruleId] })],
);

/** A default (or public) rule an admin removed from a system role: later syncs leave it removed. */
export const disabledDefaultAccessRule = platformSchema.table(
  "disabled_default_access_rule",
  {
    roleId: text("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    ruleId: text("rule_id").notNull(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.roleId, table.ruleId] })],
);

/** Roles of users and applications (principal ids are owned by the auth plugin). */
export const principalRoles = platformSchema.table(
  "principal_roles",
  {
    principalType: text("principal_type").notNull(),
    principalId: text("principal_id").notNull(),
    roleId: text("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
  },
  (table) => [
    primaryKey({ columns: [table.principalType, table.principalId, table.roleId] }),
    check("principal_roles_type", sql`${table.principalType} in ('user', 'application')`),
  ],
);

export const teams = platformSchema.table("teams", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  description: text("description"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const teamMembers = platformSchema.table(
  "team_members",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    principalType: text("principal_type").notNull(),
    principalId: text("principal_id").notNull(),
    /** Managers may change the team's members and grants. */
    isManager: boolean("is_manager").notNull().default(false),
  },
  (table) => [
    primaryKey({ columns: [table.teamId, table.principalType, table.principalId] }),
    index("team_members_principal_idx").on(table.principalType, table.principalId),
    check("team_members_type", sql`${table.principalType} in ('user', 'application')`),
  ],
);

/** A team's access to one resource. */
export const resourceGrants = platformSchema.table(
  "resource_grants",
  {
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id").notNull(),
    teamId: uuid("team_id").notNull(),
    canRead: boolean("can_read").notNull().default(true),
    canManage: boolean("can_manage").notNull().default(false),
  },
  (table) => [
    primaryKey({ columns: [table.resourceType, table.resourceId, table.teamId] }),
    foreignKey({ columns: [table.teamId], foreignColumns: [teams.id] }).onDelete("cascade"),
    index("resource_grants_team_idx").on(table.teamId),
  ],
);

/** A team-only resource is visible only through team grants (and to admins), whatever rules a caller holds. */
export const resourceSettings = platformSchema.table(
  "resource_settings",
  {
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id").notNull(),
    teamOnly: boolean("team_only").notNull().default(false),
  },
  (table) => [primaryKey({ columns: [table.resourceType, table.resourceId] })],
);

/** Written by a trigger on every audited table, in the writing transaction. Append-only for the application role. */
export const auditLog = platformSchema.table(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    principal: text("principal").notNull(),
    requestId: text("request_id"),
    /** The client's X-Request-Id, if it sent one: not unique, not trusted, kept for correlation. */
    clientRequestId: text("client_request_id"),
    schemaName: text("schema_name").notNull(),
    tableName: text("table_name").notNull(),
    operation: text("operation").notNull(),
    oldRow: jsonb("old_row"),
    newRow: jsonb("new_row"),
  },
  (table) => [
    index("audit_log_at_idx").on(table.at),
    index("audit_log_principal_at_idx").on(table.principal, table.at),
    index("audit_log_table_at_idx").on(table.schemaName, table.tableName, table.at),
  ],
);

/**
 * One row, one counter, raised in the same transaction as every change that can
 * take access away (roles, grants, memberships, sessions, keys: see
 * sql/025_access_epoch.sql). An instance may reuse an access decision it made
 * at epoch E only while the counter still reads E; every statement run on such
 * a decision checks that first.
 */
export const accessEpoch = platformSchema.table(
  "access_epoch",
  {
    singleton: boolean("singleton").primaryKey().default(true),
    epoch: bigint("epoch", { mode: "number" }).notNull().default(1),
  },
  (table) => [check("access_epoch_singleton", sql`${table.singleton}`)],
);
