import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { RateLimitedError } from "@checkstack/backend-api";
import type { StatuspageDatabase } from "../database";
import { signupAttempts } from "../schema";

export interface SignupLimits {
  perAddressPerHour: number;
  perPagePerHour: number;
}

/**
 * Records a sign-up request against its page and its address in Postgres and refuses it with a 429 when
 * either has made more than its limit within the last hour (a sliding window, so there is no boundary
 * at which a burst doubles). The rows are written first and counted after, in one statement: concurrent
 * requests on any instance see each other once committed, so none slips under the limit unseen. Every
 * request counts, accepted or not, so repeating the same address costs the same as a new one.
 */
export async function countSignup(database: StatuspageDatabase, pageId: string, address: string, limits: SignupLimits): Promise<void> {
  const addressKey = createHash("sha256").update(`${pageId}\n${address}`).digest("hex");
  const counted = await database.execute<{ scope: string; count: string; oldest: Date | string | null }>(sql`
    WITH added AS (
      INSERT INTO ${signupAttempts} (scope, key) VALUES ('page', ${pageId}), ('address', ${addressKey}) RETURNING scope
    )
    SELECT s.scope, (SELECT count(*) FROM ${signupAttempts} a WHERE a.scope = s.scope AND a.key = s.key AND a.at > now() - interval '1 hour') + 1 AS count,
           (SELECT min(a.at) FROM ${signupAttempts} a WHERE a.scope = s.scope AND a.key = s.key AND a.at > now() - interval '1 hour') AS oldest
      FROM (VALUES ('page', ${pageId}), ('address', ${addressKey})) AS s(scope, key), (SELECT count(*) FROM added) AS written`);
  for (const row of counted.rows) {
    const limit = row.scope === "page" ? limits.perPagePerHour : limits.perAddressPerHour;
    if (Number(row.count) <= limit) continue;
    const oldest = row.oldest ? new Date(row.oldest).getTime() : Date.now();
    throw new RateLimitedError("Too many sign-up requests; try again later", Math.max(1, Math.ceil((oldest + 3_600_000 - Date.now()) / 1000)));
  }
}

/** Attempts older than a day are of no further use. */
export async function pruneSignupAttempts(database: StatuspageDatabase): Promise<void> {
  await database.execute(sql`DELETE FROM ${signupAttempts} WHERE at < now() - interval '1 day'`);
}
