import type { Pool } from "pg";
import { LOGIN_ATTRIBUTES } from "./database-statements";
import { rolesOfConnection } from "./deployment-roles";

export class UnsafeDatabaseLoginError extends Error {
  override name = "UnsafeDatabaseLoginError";
}

const SETUP_HINT =
  "Run the one-time database setup with this login instead (`npx checkstack db init --admin-url <this URL> --database <db>`, " +
  "see README \"Database setup\"), then set DATABASE_URL to the owner login it creates (checkstack_owner_<db>).";

/**
 * Refuses to run as a login that row-level security does not bind (a
 * superuser or BYPASSRLS), or that can make itself one (CREATEROLE, which on
 * PostgreSQL 15 and older can grant itself pg_execute_server_program), and
 * checks that the deployment's application role is in place.
 */
export async function assertLeastPrivilegeLogin(pool: Pool): Promise<void> {
  const roles = await rolesOfConnection(pool);
  const { rows } = await pool.query<{ login: string; super: boolean; bypassrls: boolean; createrole: boolean; member: boolean | null }>(LOGIN_ATTRIBUTES, [roles.app]);
  const login = rows[0];
  if (!login) throw new UnsafeDatabaseLoginError("cannot read the attributes of the database login");
  const unsafe = [login.super && "a superuser", login.bypassrls && "BYPASSRLS", login.createrole && "CREATEROLE"].filter(Boolean);
  if (unsafe.length > 0) {
    throw new UnsafeDatabaseLoginError(
      `refusing to start: DATABASE_URL logs in as "${login.login}", which has ${unsafe.join(", ")}; ` +
        `row-level security and the audit trail would not bind it. ${SETUP_HINT}`,
    );
  }
  if (login.member !== true) {
    throw new UnsafeDatabaseLoginError(
      `refusing to start: the application role "${roles.app}" of database "${roles.database}" ` +
        `${login.member === null ? "does not exist" : `is not granted to "${login.login}"`}. ` +
        "Run the one-time database setup as a superuser: `npx checkstack db init` (see README \"Database setup\").",
    );
  }
}
