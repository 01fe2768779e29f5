import { createHash, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { SafeDatabase } from "@checkstack/backend-api";
import type { HeartbeatState } from "@checkstack/healthcheck-heartbeat-common";
import * as schema from "./schema";

export type HeartbeatDatabase = SafeDatabase<typeof schema>;

/** A job's report: it ran (success), it failed, or it began (so its duration can be measured). */
export type PingKind = "success" | "fail" | "start";

export interface Ping {
  kind: PingKind;
  message?: string;
  exitStatus?: number;
}

/** Pings one URL may send per minute; a job stuck in a retry loop must not flood the database. */
export const PINGS_PER_MINUTE = 120;

export type PingOutcome = { recorded: true } | { recorded: false; reason: "unknown-token" } | { recorded: false; reason: "rate-limited"; retryAfterSeconds: number };

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The heartbeat plugin's rows: ping URLs (hashed) and what each check last heard. */
export class HeartbeatStore {
  constructor(private readonly database: HeartbeatDatabase) {}

  /** A new token for the check, replacing any earlier one in the same statement. */
  async regenerateToken(checkId: string): Promise<string> {
    const token = randomBytes(24).toString("base64url");
    await this.database
      .insert(schema.pingUrls)
      .values({ checkId, tokenHash: hashToken(token) })
      .onConflictDoUpdate({ target: schema.pingUrls.checkId, set: { tokenHash: hashToken(token), createdAt: sql`now()` } });
    return token;
  }

  /** Records a ping in one transaction: find the check by the token's hash, count it in the minute's window, store it. */
  async recordPing(token: string, ping: Ping): Promise<PingOutcome> {
    return this.database.transaction(async (tx) => {
      const [url] = await tx.select({ checkId: schema.pingUrls.checkId }).from(schema.pingUrls).where(eq(schema.pingUrls.tokenHash, hashToken(token)));
      if (!url) return { recorded: false, reason: "unknown-token" };
      const fresh = sql`${schema.beats.windowStart} <= now() - interval '1 minute'`;
      const [window] = await tx
        .insert(schema.beats)
        .values({ checkId: url.checkId, windowCount: 1 })
        .onConflictDoUpdate({
          target: schema.beats.checkId,
          set: {
            windowStart: sql`CASE WHEN ${fresh} THEN now() ELSE ${schema.beats.windowStart} END`,
            windowCount: sql`CASE WHEN ${fresh} THEN 1 ELSE ${schema.beats.windowCount} + 1 END`,
          },
        })
        .returning({ count: schema.beats.windowCount, retryAfter: sql<number>`ceil(extract(epoch FROM ${schema.beats.windowStart} + interval '1 minute' - now()))::int` });
      if (window && window.count > PINGS_PER_MINUTE) return { recorded: false, reason: "rate-limited", retryAfterSeconds: Math.max(1, window.retryAfter) };
      if (ping.kind === "start") {
        await tx.update(schema.beats).set({ startedAt: sql`now()` }).where(eq(schema.beats.checkId, url.checkId));
        return { recorded: true };
      }
      await tx
        .update(schema.beats)
        .set({
          lastPingAt: sql`now()`,
          lastKind: ping.kind,
          lastMessage: ping.message ?? null,
          lastExitStatus: ping.exitStatus ?? null,
          lastDurationMs: sql`CASE WHEN ${schema.beats.startedAt} IS NULL THEN NULL ELSE (extract(epoch FROM now() - ${schema.beats.startedAt}) * 1000)::int END`,
          startedAt: null,
        })
        .where(eq(schema.beats.checkId, url.checkId));
      return { recorded: true };
    });
  }

  /** The check's state, with the database's clock for "now" so every instance judges alike. */
  async state(checkId: string): Promise<HeartbeatState & { now: Date }> {
    const rows = await this.database.execute<{
      now: Date;
      ping_url_created_at: Date | null;
      last_ping_at: Date | null;
      last_kind: "success" | "fail" | null;
      last_message: string | null;
      last_exit_status: number | null;
      last_duration_ms: number | null;
      started_at: Date | null;
    }>(sql`
      SELECT now() AS now, u.created_at AS ping_url_created_at, b.last_ping_at, b.last_kind, b.last_message,
             b.last_exit_status, b.last_duration_ms, b.started_at
      FROM (SELECT 1) AS one
      LEFT JOIN ${schema.pingUrls} u ON u.check_id = ${checkId}
      LEFT JOIN ${schema.beats} b ON b.check_id = ${checkId}`);
    const row = rows.rows[0]!;
    const date = (value: Date | string | null) => (value === null ? null : new Date(value));
    return {
      now: new Date(row.now),
      checkId,
      hasPingUrl: row.ping_url_created_at !== null,
      pingUrlCreatedAt: date(row.ping_url_created_at),
      lastPingAt: date(row.last_ping_at),
      lastPingKind: row.last_kind,
      startedAt: date(row.started_at),
      lastMessage: row.last_message,
      lastExitStatus: row.last_exit_status,
      lastDurationMs: row.last_duration_ms,
    };
  }
}
