import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** One ping URL per check; only the token's SHA-256 is kept, so a database dump cannot ping. */
export const pingUrls = pgTable("ping_urls", {
  checkId: uuid("check_id").primaryKey(),
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** What a check last heard, and its rate-limit window: one row per check, updated by every ping. */
export const beats = pgTable("beats", {
  checkId: uuid("check_id").primaryKey(),
  lastPingAt: timestamp("last_ping_at", { withTimezone: true }),
  lastKind: text("last_kind", { enum: ["success", "fail"] }),
  lastMessage: text("last_message"),
  lastExitStatus: integer("last_exit_status"),
  /** When the job said it started; a later success or fail measures the run's duration from it. */
  startedAt: timestamp("started_at", { withTimezone: true }),
  lastDurationMs: integer("last_duration_ms"),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
  windowCount: integer("window_count").notNull().default(0),
});
