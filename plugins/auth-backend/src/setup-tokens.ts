import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { ConflictError, ForbiddenError } from "@checkstack/backend-api";
import type { AuthDatabase } from "./database";
import { setupTokens } from "./schema";

/** How long a setup link works: long enough to find it in the log, short enough that an old log is harmless. */
export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/** The token's SHA-256: 256 random bits need no slow hash, and a database dump does not reveal a usable link. */
export function hashSetupToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

type Writer = Pick<AuthDatabase, "insert" | "update" | "select" | "delete">;

/** Stores a new token (its hash) and returns the token itself, which exists only in the caller's hands. */
export async function issueSetupToken(db: Writer, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SETUP_TOKEN_TTL_MS);
  await db.insert(setupTokens).values({ tokenHash: hashSetupToken(token), expiresAt });
  return { token, expiresAt };
}

/**
 * Uses the token, compare-and-set: of concurrent claims on any instances,
 * exactly one sees its row change; the rest get a 4xx saying why. Runs in the
 * caller's transaction, so a setup that fails later leaves the token unused.
 */
export async function claimSetupToken(db: Writer, token: string): Promise<void> {
  const tokenHash = hashSetupToken(token);
  const claimed = await db
    .update(setupTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(setupTokens.tokenHash, tokenHash), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, sql`now()`)))
    .returning({ tokenHash: setupTokens.tokenHash });
  if (claimed.length === 1) {
    // The other instances' links die with this one: setup happens once.
    await db.delete(setupTokens).where(isNull(setupTokens.usedAt));
    return;
  }
  const [row] = await db.select({ usedAt: setupTokens.usedAt, expiresAt: setupTokens.expiresAt }).from(setupTokens).where(eq(setupTokens.tokenHash, tokenHash));
  if (!row) throw new ForbiddenError("token: this setup link is not valid; use the link the platform logged at start (restart an instance for a new one)");
  if (row.usedAt) throw new ConflictError("token: this setup link has already been used; sign in instead");
  throw new ForbiddenError(`token: this setup link expired at ${row.expiresAt.toISOString()}; restart an instance to get a new one in its log`);
}
