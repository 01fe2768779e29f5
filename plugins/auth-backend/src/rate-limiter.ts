import { createHash } from "node:crypto";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { AuthDatabase } from "./database";
import { tooManyAttempts } from "./errors";
import type { OutsideRequest } from "./outside-request";
import { loginFailures } from "./schema";

export interface RateLimitPolicy {
  windowSeconds: number;
  maxPerAccount: number;
  maxPerAddress: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { windowSeconds: 15 * 60, maxPerAccount: 10, maxPerAddress: 50 };

export interface AttemptSource {
  /** Normalised (lowercased) email the attempt names. */
  email: string;
  clientAddress: string | undefined;
}

const digest = (value: string) => createHash("sha256").update(value).digest("hex");

function keysOf(source: AttemptSource): { account: string; address: string | undefined } {
  return {
    account: digest(`account:${source.email}`),
    address: source.clientAddress ? digest(`address:${source.clientAddress}`) : undefined,
  };
}

/**
 * Failed sign-ins per account and per client address, in fixed windows kept in
 * Postgres so every instance counts the same attempts. Each attempt is counted
 * before its password is checked, in one atomic upsert, so parallel guesses
 * cannot overtake the limit; a success takes its count back (and clears the
 * account's). Time is the database's, so instances' clocks do not matter.
 */
export class LoginRateLimiter {
  constructor(
    private readonly database: AuthDatabase,
    private readonly outsideRequest: OutsideRequest,
    private readonly policy: RateLimitPolicy = DEFAULT_RATE_LIMIT,
  ) {}

  /** Counts the attempt; throws TOO_MANY_REQUESTS (with retryAfterSeconds) when a limit is exceeded. */
  async admit(source: AttemptSource): Promise<void> {
    const keys = keysOf(source);
    const window = sql`make_interval(secs => ${this.policy.windowSeconds})`;
    const expired = sql`${loginFailures.windowStart} <= now() - ${window}`;
    const rows = [keys.account, keys.address]
      .filter((key): key is string => key !== undefined)
      .map((key) => ({ key, windowStart: sql`now()`, failures: 1 }));
    const counted = await this.outsideRequest(() =>
      this.database
        .insert(loginFailures)
        .values(rows)
        .onConflictDoUpdate({
          target: loginFailures.key,
          set: {
            windowStart: sql`CASE WHEN ${expired} THEN now() ELSE ${loginFailures.windowStart} END`,
            failures: sql`CASE WHEN ${expired} THEN 1 ELSE ${loginFailures.failures} + 1 END`,
          },
        })
        .returning({
          key: loginFailures.key,
          failures: loginFailures.failures,
          retryAfterSeconds: sql<number>`greatest(1, ceil(extract(epoch FROM ${loginFailures.windowStart} + ${window} - now())))::int`,
        }),
    );
    const over = counted.filter((row) => row.failures > (row.key === keys.account ? this.policy.maxPerAccount : this.policy.maxPerAddress));
    if (over.length > 0) throw tooManyAttempts(Math.max(...over.map((row) => Number(row.retryAfterSeconds))));
  }

  /** After a correct password: the account starts afresh, and the address gets this attempt back. */
  async succeeded(source: AttemptSource): Promise<void> {
    const keys = keysOf(source);
    await this.outsideRequest(async () => {
      await this.database.delete(loginFailures).where(eq(loginFailures.key, keys.account));
      if (keys.address) {
        await this.database
          .update(loginFailures)
          .set({ failures: sql`greatest(${loginFailures.failures} - 1, 0)` })
          .where(eq(loginFailures.key, keys.address));
      }
    });
  }

  /** Drops windows that have ended; their counts no longer matter. */
  async prune(): Promise<number> {
    const deleted = await this.database
      .delete(loginFailures)
      .where(lt(loginFailures.windowStart, sql`now() - make_interval(secs => ${this.policy.windowSeconds})`))
      .returning({ key: loginFailures.key });
    return deleted.length;
  }

  /** For tests and operators: the current counts of one source. */
  async counts(source: AttemptSource): Promise<{ account: number; address: number }> {
    const keys = keysOf(source);
    const wanted = [keys.account, keys.address].filter((key): key is string => key !== undefined);
    const rows = await this.database
      .select({ key: loginFailures.key, failures: loginFailures.failures })
      .from(loginFailures)
      .where(and(inArray(loginFailures.key, wanted), sql`${loginFailures.windowStart} > now() - make_interval(secs => ${this.policy.windowSeconds})`));
    const of = (key: string | undefined) => rows.find((row) => row.key === key)?.failures ?? 0;
    return { account: of(keys.account), address: of(keys.address) };
  }
}
