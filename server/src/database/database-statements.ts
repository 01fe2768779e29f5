/**
 * The SQL of the database plumbing that is not scope settings
 * (scope-settings.ts) or the one-time deployment setup (deployment-setup.ts,
 * DDL built from escaped names): migration bookkeeping, the platform's
 * advisory lock, the login check and the signing key. Parameters in the order
 * each comment gives; identifiers arrive quoted (they cannot be parameters).
 */

/**
 * Names the acting principal (principal json, its label) for the rest of the transaction: the audit trigger
 * records writes under it. Used by platform work that runs outside a request scope (migrations, purges).
 */
export const SET_ACTING_PRINCIPAL = "SELECT set_config('checkstack.principal', $1, true), set_config('checkstack.principal_label', $2, true)";

/** Takes the platform's cluster-wide advisory lock (namespace, name); instances booting together take turns. */
export const ADVISORY_LOCK = "SELECT pg_advisory_lock($1, hashtext($2))";

/** Releases ADVISORY_LOCK (namespace, name). */
export const ADVISORY_UNLOCK = "SELECT pg_advisory_unlock($1, hashtext($2))";

/** The schema holding every migration bookkeeping table, created before the first one. */
export function createSchema(quotedSchema: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${quotedSchema}`;
}

/** One bookkeeping table per migration folder (quoted, schema-qualified name): which migrations ran, by folder time. */
export function createBookkeepingTable(quotedTable: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quotedTable} (
       id serial PRIMARY KEY, hash text NOT NULL, created_at bigint NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
}

/** The folder time of the newest applied migration (quoted table); later ones are pending. */
export function lastAppliedMigration(quotedTable: string): string {
  return `SELECT max(created_at)::text AS last FROM ${quotedTable}`;
}

/** Unqualified names in a plugin's migrations land in its own schema (quoted), for this transaction only. */
export function setMigrationSearchPath(quotedSchema: string): string {
  return `SET LOCAL search_path TO ${quotedSchema}`;
}

/** Records an applied migration (hash, folder time) in the bookkeeping table (quoted). */
export function recordMigration(quotedTable: string): string {
  return `INSERT INTO ${quotedTable} (hash, created_at) VALUES ($1, $2)`;
}

/**
 * The login's attributes (application role name) and whether it is a member of the application role (null
 * when the role does not exist): the platform refuses to run as a login row-level security does not bind.
 */
export const LOGIN_ATTRIBUTES = `SELECT r.rolname AS login, r.rolsuper AS super, r.rolbypassrls AS bypassrls, r.rolcreaterole AS createrole,
            CASE WHEN to_regrole($1) IS NULL THEN NULL ELSE pg_has_role(current_user, $1, 'MEMBER') END AS member
       FROM pg_roles r WHERE r.rolname = current_user`;

/** The secret principals are signed with (sql/015_principal_signature.sql); a database without the table yet without the table reads as "no key". */
export const SIGNING_KEY = "SELECT signing_secret AS key FROM checkstack.principal_signing_key";

/** The database this connection is on: the deployment's role names are derived from its name. */
export const CURRENT_DATABASE = "SELECT current_database() AS database";

/** The login this connection runs as: the SQL files (sql/*.sql) name it as the owner role. */
export const CURRENT_LOGIN = "SELECT current_user AS login";
