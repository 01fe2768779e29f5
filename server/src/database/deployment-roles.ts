import { createHash } from "node:crypto";
import type { ClientBase, Pool } from "pg";
import { CURRENT_DATABASE } from "./database-statements";

/**
 * The roles of one deployment (one database). They are named after the
 * database so that two deployments on one PostgreSQL server never share a
 * role: the owner of one cannot SET ROLE to the other's application role.
 */
export interface DeploymentRoles {
  /** The login the platform runs as: owns the deployment's objects; no superuser, CREATEROLE or BYPASSRLS. */
  owner: string;
  /** What every request, job and hook delivery runs as (SET LOCAL ROLE). NOLOGIN, NOBYPASSRLS, owns nothing. */
  app: string;
  /** Granted by a DBA to login roles that read the audit trail over SQL. NOLOGIN. */
  auditor: string;
}

/** Database names that can be used in a role name as they are; role names stay under PostgreSQL's 63 bytes. */
const PLAIN_NAME = /^[a-z0-9_]{1,40}$/;

/** The part of the role names that names the database (the same rule as DEPLOYMENT_SUFFIX_SQL). */
export function deploymentSuffix(database: string): string {
  if (PLAIN_NAME.test(database)) return database;
  return `h${createHash("sha256").update(database, "utf8").digest("hex").slice(0, 16)}`;
}

export function deploymentRoles(database: string): DeploymentRoles {
  const suffix = deploymentSuffix(database);
  return { owner: `checkstack_owner_${suffix}`, app: `checkstack_app_${suffix}`, auditor: `checkstack_auditor_${suffix}` };
}

/** deploymentSuffix(current_database()) in SQL, for statements that must name the app role without a round trip. */
const DEPLOYMENT_SUFFIX_SQL =
  "CASE WHEN current_database() ~ '^[a-z0-9_]{1,40}$' THEN current_database() " +
  "ELSE 'h' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 16) END";

/** The current database's application role, as an SQL expression. */
export const APP_ROLE_SQL = `('checkstack_app_' || ${DEPLOYMENT_SUFFIX_SQL})`;

/** The roles of the database `client` is connected to. */
export async function rolesOfConnection(client: Pool | ClientBase): Promise<DeploymentRoles & { database: string }> {
  const { rows } = await client.query<{ database: string }>(CURRENT_DATABASE);
  const database = rows[0]?.database ?? "";
  return { ...deploymentRoles(database), database };
}
