import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Section } from "@checkstack/statuspage-common";

/**
 * Status pages; one row is one "statuspage.page" resource (row-level security by the platform).
 * Sections are one JSON document validated at the boundary: a page's layout is always replaced whole,
 * and the audit trail then shows the whole before and after in one row change.
 * owner_team_id names a team but has no foreign key: access comes from the resource grant.
 */
export const pages = pgTable(
  "pages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    logoUrl: text("logo_url"),
    accentColor: text("accent_color").notNull(),
    theme: text("theme", { enum: ["light", "dark", "auto"] }).notNull(),
    visibility: text("visibility", { enum: ["public", "signed_in"] }).notNull(),
    state: text("state", { enum: ["draft", "published"] }).notNull().default("draft"),
    ownerTeamId: uuid("owner_team_id"),
    sections: jsonb("sections").$type<Section[]>().notNull().default([]),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("pages_slug_idx").on(table.slug), index("pages_state_idx").on(table.state)],
);

/**
 * A page's subscribers: an e-mail address (pending until it follows its confirmation link) or a signed
 * webhook added by the page's managers. token_nonce is part of every token signed for the subscriber,
 * so a token of an earlier subscription of the same address does not work for a later one.
 * The webhook secret is sealed with the cluster key (SecretService), bound to the subscriber's id.
 */
export const subscribers = pgTable(
  "subscribers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pageId: uuid("page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["email", "webhook"] }).notNull(),
    /** The address (lower-cased e-mail) or the URL (webhook). */
    target: text("target").notNull(),
    webhookSecret: jsonb("webhook_secret"),
    state: text("state", { enum: ["pending", "confirmed"] }).notNull(),
    tokenNonce: text("token_nonce").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  },
  (table) => [uniqueIndex("subscribers_page_target_idx").on(table.pageId, table.kind, table.target), index("subscribers_page_state_idx").on(table.pageId, table.state)],
);

/**
 * Sign-up requests of the last hour (a sliding window): scope "page" keyed by page id, scope "address" by
 * a hash of page and address (no address is kept here). Shared by every instance, so the limit is
 * cluster-wide; rows older than a day are pruned by the sweep.
 */
export const signupAttempts = pgTable(
  "signup_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    scope: text("scope", { enum: ["page", "address"] }).notNull(),
    key: text("key").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("signup_attempts_key_idx").on(table.scope, table.key, table.at)],
);

/**
 * The outbox: one row per (event, subscriber), unique by dedupe_key, written in the transaction that
 * learnt of the event; the delivery job sends it and records the outcome. `notice` is the rendered
 * content (subject, text, links), so a retry sends exactly what the first attempt did.
 */
export const deliveries = pgTable(
  "subscriber_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dedupeKey: text("dedupe_key").notNull(),
    subscriberId: uuid("subscriber_id")
      .notNull()
      .references(() => subscribers.id, { onDelete: "cascade" }),
    notice: jsonb("notice").notNull(),
    state: text("state", { enum: ["pending", "delivered", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (table) => [uniqueIndex("subscriber_deliveries_dedupe_idx").on(table.dedupeKey), index("subscriber_deliveries_due_idx").on(table.state, table.nextAttemptAt)],
);

/** The key subscriber tokens are signed with: one row, made by whichever instance needs it first, sealed. */
export const tokenKeys = pgTable("token_keys", {
  id: integer("id").primaryKey(),
  sealed: jsonb("sealed").notNull(),
});
