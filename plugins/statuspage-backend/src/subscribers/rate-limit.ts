import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { RateLimitedError } from "@checkstack/backend-api";
import type { StatuspageDatabase } from "../database";
import { signupCounters } from "../schema";

const HOUR_MS = 3_600_000;

export interface SignupLimits {
  perAddressPerHour: number;
  perPagePerHour: number;
}

/**
 * Counts a sign-up request against its page and its address in Postgres (an UPSERT that adds one and
 * returns the new count, atomic across instances) and refuses it with a 429 past either limit. Every
 * request counts, accepted or not, so answering the same address twice costs the same as two addresses.
 */
export async function countSignup(database: StatuspageDatabase, pageId: string, address: string, limits: SignupLimits, now = new Date()): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + HOUR_MS - now.getTime()) / 1000));
  const addressKey = createHash("sha256").update(`${pageId}\n${address}`).digest("hex");
  const counted = await database.execute<{ scope: string; count: number }>(sql`
    INSERT INTO ${signupCounters} (scope, key, window_start, count)
    VALUES ('page', ${pageId}, ${windowStart.toISOString()}, 1), ('address', ${addressKey}, ${windowStart.toISOString()}, 1)
    ON CONFLICT (scope, key, window_start) DO UPDATE SET count = ${signupCounters}.count + 1
    RETURNING scope, count`);
  for (const row of counted.rows) {
    const limit = row.scope === "page" ? limits.perPagePerHour : limits.perAddressPerHour;
    if (Number(row.count) > limit) throw new RateLimitedError("Too many sign-up requests; try again later", retryAfterSeconds);
  }
}

/** Windows older than a day are of no further use. */
export async function pruneSignupCounters(database: StatuspageDatabase): Promise<void> {
  await database.execute(sql`DELETE FROM ${signupCounters} WHERE window_start < now() - interval '1 day'`);
}
