import { count, sql } from "drizzle-orm";
import type { AccessAdministration, Logger } from "@checkstack/backend-api";
import { EmailSchema, NewPasswordSchema } from "@checkstack/auth-common";
import { z } from "zod";
import { withClusterLock } from "./cluster-lock";
import type { AuthDatabase } from "./database";
import { generatePassword, hashPassword } from "./passwords";
import { users } from "./schema";

export const GENERATED_ADMIN_EMAIL = "admin@checkstack.local";

const adminEnvSchema = z.union([
  z.object({ CHECKSTACK_ADMIN_EMAIL: EmailSchema, CHECKSTACK_ADMIN_PASSWORD: NewPasswordSchema }),
  z.object({ CHECKSTACK_ADMIN_EMAIL: z.undefined(), CHECKSTACK_ADMIN_PASSWORD: z.undefined() }),
]);

export type AdminBootstrap = { kind: "configured"; email: string; password: string } | { kind: "generated" };

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
  return email !== undefined && password !== undefined ? { kind: "configured", email, password } : { kind: "generated" };
}

/**
 * Makes sure someone can administer the platform, without ever making the
 * first visitor an admin:
 * - configured: the account named by the environment is created with the
 *   admin role if it does not exist (an existing one is left alone, so a
 *   password changed later is not reset at every start);
 * - generated: when no user exists at all, one admin with a random password,
 *   printed once to the log.
 * Instances starting together take turns under an advisory lock, so exactly
 * one admin is created. The role is assigned before the user row commits: if
 * anything fails, no admin-less account is left behind.
 */
export async function ensureFirstAdmin(deps: {
  database: AuthDatabase;
  admin: AccessAdministration;
  logger: Logger;
  bootstrap: AdminBootstrap;
}): Promise<void> {
  const { database, admin, logger, bootstrap } = deps;
  const email = bootstrap.kind === "configured" ? bootstrap.email : GENERATED_ADMIN_EMAIL;
  const needed = async (tx: Pick<AuthDatabase, "select">) => {
    const filter = bootstrap.kind === "configured" ? sql`lower(${users.email}) = ${email}` : undefined;
    const [row] = await tx.select({ count: count() }).from(users).where(filter);
    return (row?.count ?? 0) === 0;
  };
  // Cheap check first: on every start but the first there is nothing to do, and no hash to compute.
  if (!(await needed(database))) return;

  const password = bootstrap.kind === "configured" ? bootstrap.password : generatePassword();
  const passwordHash = await hashPassword(password);
  const created = await withClusterLock(database, "first-admin", async (tx) => {
    if (!(await needed(tx))) return undefined;
    // A generated password has been in the log: it only opens the way to choosing a new one.
    const mustChangePassword = bootstrap.kind === "generated";
    const [row] = await tx.insert(users).values({ email, displayName: "Administrator", passwordHash, mustChangePassword }).returning({ id: users.id });
    if (!row) throw new Error("creating the first administrator returned no row");
    await admin.setRoles({ type: "user", id: row.id }, ["admin"]);
    return row.id;
  });
  if (!created) return;
  if (bootstrap.kind === "configured") {
    logger.info("administrator account created from CHECKSTACK_ADMIN_EMAIL", { email, userId: created });
  } else {
    logger.warn(
      `FIRST ADMINISTRATOR CREATED. Sign in as ${email} with the one-time password ${password}; ` +
        "you must choose a new password at first sign-in (auth/account/changePassword) before anything else is allowed. " +
        "This password is shown only this once; set CHECKSTACK_ADMIN_EMAIL and CHECKSTACK_ADMIN_PASSWORD to choose the account instead.",
      { email, userId: created, generatedPassword: password },
    );
  }
}
