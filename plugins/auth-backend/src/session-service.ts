import { and, eq, gt, lte, ne, sql } from "drizzle-orm";
import type { UserPrincipal } from "@checkstack/backend-api";
import type { AuthDatabase } from "./database";
import { passwordChangeRestriction } from "./password-change-gate";
import { assignedRoles, memberTeams } from "./platform-memberships";
import { sessions, users } from "./schema";
import { DEFAULT_SESSION_TTL_MS } from "./session-cookie";
import { hashSessionToken, newSessionToken } from "./session-tokens";

export interface StartedSession {
  /** Goes into the cookie; never stored. */
  token: string;
  expiresAt: Date;
}

/** Server-side sessions: revocable at once (logout, password change, disabling), shared by every instance. */
export class SessionService {
  // Every request runs this lookup: built once, so a request pays for executing it, not for composing its SQL.
  private readonly principalQuery;

  constructor(
    private readonly database: AuthDatabase,
    private readonly ttlMs: number = DEFAULT_SESSION_TTL_MS,
  ) {
    this.principalQuery = database
      .select({
        id: users.id,
        email: users.email,
        roles: assignedRoles("user", users.id),
        teams: memberTeams("user", users.id),
        expiresAt: sessions.expiresAt,
        mustChangePassword: users.mustChangePassword,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, sql.placeholder("tokenHash")), gt(sessions.expiresAt, sql`now()`), eq(users.disabled, false)))
      .prepare("auth_session_principal");
  }

  async start(userId: string, origin: { clientAddress?: string | undefined; userAgent?: string | null | undefined }): Promise<StartedSession> {
    const token = newSessionToken();
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await this.database.insert(sessions).values({
      tokenHash: hashSessionToken(token),
      userId,
      expiresAt,
      clientAddress: origin.clientAddress ?? null,
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
    });
    return { token, expiresAt };
  }

  /**
   * The user behind a session token, with roles and teams, and the session's
   * expiry, in one query; undefined for unknown or expired sessions and for
   * disabled users.
   */
  async principalFor(token: string): Promise<{ principal: UserPrincipal; expiresAt: Date } | undefined> {
    const [row] = await this.principalQuery.execute({ tokenHash: hashSessionToken(token) });
    if (!row) return undefined;
    const principal: UserPrincipal = { type: "user", id: row.id, email: row.email, roles: row.roles, teams: row.teams };
    // Enforced by the platform for every procedure; lifted by the password change (a users UPDATE moves the access epoch).
    if (row.mustChangePassword) principal.restrictedTo = passwordChangeRestriction();
    return { principal, expiresAt: row.expiresAt };
  }

  /** True when a session was ended. */
  async end(token: string): Promise<boolean> {
    const deleted = await this.database
      .delete(sessions)
      .where(eq(sessions.tokenHash, hashSessionToken(token)))
      .returning({ userId: sessions.userId });
    return deleted.length > 0;
  }

  /** Every session of the user except the one presenting `keepToken`; returns how many ended. */
  async endAllFor(userId: string, keepToken?: string): Promise<number> {
    const keep = keepToken ? ne(sessions.tokenHash, hashSessionToken(keepToken)) : undefined;
    const deleted = await this.database
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), keep))
      .returning({ userId: sessions.userId });
    return deleted.length;
  }

  async pruneExpired(): Promise<number> {
    const deleted = await this.database.delete(sessions).where(lte(sessions.expiresAt, sql`now()`)).returning({ userId: sessions.userId });
    return deleted.length;
  }
}
