import { count, sql } from "drizzle-orm";
import type { AccessAdministration, Logger } from "@checkstack/backend-api";
import { EmailSchema, NewPasswordSchema } from "@checkstack/auth-common";
import { defaultPublicUrl } from "@checkstack/settings-common";
import { z } from "zod";
import { withClusterLock } from "./cluster-lock";
import type { AuthDatabase } from "./database";
import { hashPassword } from "./passwords";
import { users } from "./schema";
import { issueSetupToken } from "./setup-tokens";

const adminEnvSchema = z.union([
  z.object({ CHECKSTACK_ADMIN_EMAIL: EmailSchema, CHECKSTACK_ADMIN_PASSWORD: NewPasswordSchema }),
  z.object({ CHECKSTACK_ADMIN_EMAIL: z.undefined(), CHECKSTACK_ADMIN_PASSWORD: z.undefined() }),
]);

/** configured: the environment names the admin; setup: the first admin is chosen through a logged one-time link. */
export type AdminBootstrap = { kind: "configured"; email: string; password: string } | { kind: "setup"; setupUrl: string };

/**
 * Where the logged setup link points: CHECKSTACK_PUBLIC_URL when the platform
 * is reached through another address (a proxy, a DNS name), otherwise this
 * instance's own HOST and PORT (the settings plugin's default public URL: no
 * administrator can have set the setting before the first one exists).
 */
export function setupUrlBase(env: Record<string, string | undefined>): string {
  return defaultPublicUrl(env).url;
}

/** Reads CHECKSTACK_ADMIN_EMAIL / CHECKSTACK_ADMIN_PASSWORD: both or neither, and a password the policy accepts. */
export function readAdminBootstrap(env: Record<string, string | undefined>): AdminBootstrap {
  const values = {
    CHECKSTACK_ADMIN_EMAIL: env["CHECKSTACK_ADMIN_EMAIL"] || undefined,
    CHECKSTACK_ADMIN_PASSWORD: env["CHECKSTACK_ADMIN_PASSWORD"] || undefined,
  };
  const parsed = adminEnvSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(
      "CHECKSTACK_ADMIN_EMAIL and CHECKSTACK_ADMIN_PASSWORD must be set together, with a valid email and a password of 10 to 512 characters",
    );
  }
  const { CHECKSTACK_ADMIN_EMAIL: email, CHECKSTACK_ADMIN_PASSWORD: password } = parsed.data;
  return email !== undefined && password !== undefined ? { kind: "configured", email, password } : { kind: "setup", setupUrl: `${setupUrlBase(env)}/setup` };
}

/**
 * Makes sure someone can administer the platform, without ever making the
 * first visitor an admin:
 * - configured: the account named by the environment is created with the
 *   admin role if it does not exist (an existing one is left alone, so a
 *   password changed later is not reset at every start);
 * - setup: when no user exists at all, a one-time setup token is stored
 *   (hashed) and its link logged once, at warn level: whoever opens it chooses
 *   the first admin's email and password (completeSetup). Every instance that
 *   starts while setup is pending logs a link of its own; any of them works
 *   once, on any instance, and the first setup completed voids the others.
 * Instances starting together take turns under an advisory lock. The role is
 * assigned before the user row commits: if anything fails, no admin-less
 * account is left behind.
 */
export async function ensureFirstAdmin(deps: {
  database: AuthDatabase;
  admin: AccessAdministration;
  logger: Logger;
  bootstrap: AdminBootstrap;
}): Promise<void> {
  const { database, admin, logger, bootstrap } = deps;
  const needed = async (tx: Pick<AuthDatabase, "select">) => {
    const filter = bootstrap.kind === "configured" ? sql`lower(${users.email}) = ${bootstrap.email}` : undefined;
    const [row] = await tx.select({ count: count() }).from(users).where(filter);
    return (row?.count ?? 0) === 0;
  };
  // Cheap check first: on every start but the first there is nothing to do, and no hash to compute.
  if (!(await needed(database))) return;

  if (bootstrap.kind === "setup") {
    const issued = await withClusterLock(database, "first-admin", async (tx) => ((await needed(tx)) ? issueSetupToken(tx) : undefined));
    if (!issued) return;
    const setupUrl = `${bootstrap.setupUrl}?token=${issued.token}`;
    logger.warn(
      `FIRST-RUN SETUP: no user exists yet. Open ${setupUrl} to choose the first administrator's email and password. ` +
        `The link works once, on any instance, until ${issued.expiresAt.toISOString()}; restart an instance for a new one. ` +
        "To choose the account without a browser, set CHECKSTACK_ADMIN_EMAIL and CHECKSTACK_ADMIN_PASSWORD instead.",
      { setupUrl, expiresAt: issued.expiresAt.toISOString() },
    );
    return;
  }

  const { email, password } = bootstrap;
  const passwordHash = await hashPassword(password);
  const created = await withClusterLock(database, "first-admin", async (tx) => {
    if (!(await needed(tx))) return undefined;
    const [row] = await tx.insert(users).values({ email, displayName: "Administrator", passwordHash }).returning({ id: users.id });
    if (!row) throw new Error("creating the first administrator returned no row");
    await admin.setRoles({ type: "user", id: row.id }, ["admin"]);
    return row.id;
  });
  if (created) logger.info("administrator account created from CHECKSTACK_ADMIN_EMAIL", { email, userId: created });
}
