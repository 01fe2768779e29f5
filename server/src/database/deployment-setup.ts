import pg from "pg";
import { deploymentRoles, type DeploymentRoles } from "./deployment-roles";

export interface DeploymentSetupOptions {
  /** A superuser (or CREATEROLE + CREATEDB) login; used for this setup only, never by the running platform. */
  adminUrl: string;
  /** The deployment's database; created when missing. */
  database: string;
  /** The owner login's password; an existing owner keeps its password when this is undefined. */
  ownerPassword: string | undefined;
}

export interface DeploymentSetup {
  roles: DeploymentRoles;
  /** DATABASE_URL for the platform: the owner login on the deployment's database (password included when given). */
  ownerUrl: string;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a role unless it exists; tolerates another session creating it at the same moment. */
function createRoleSql(client: pg.Client, name: string, attributes: string): string {
  return `DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${client.escapeLiteral(name)}) THEN
      BEGIN CREATE ROLE ${client.escapeIdentifier(name)} ${attributes};
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
    END IF; END $$`;
}

/**
 * The database's owner: a database that already belongs to a non-superuser
 * role (an installation from before per-deployment roles) keeps it; anything
 * else gets the deployment's own owner role.
 */
async function chooseOwner(client: pg.Client, database: string, roles: DeploymentRoles): Promise<{ owner: string; exists: boolean }> {
  const { rows } = await client.query<{ owner: string; super: boolean }>(
    "SELECT r.rolname AS owner, r.rolsuper AS super FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = $1",
    [database],
  );
  const current = rows[0];
  if (!current) return { owner: roles.owner, exists: false };
  return { owner: current.super ? roles.owner : current.owner, exists: true };
}

/**
 * The one-time database setup of a deployment (`checkstack db init`), run
 * with an administrator's login: the owner login (no superuser, CREATEROLE,
 * CREATEDB or BYPASSRLS), the application and auditor roles named after the
 * database, the database itself, and CONNECT to it for those roles only.
 * Idempotent: running it again repairs attributes and grants.
 */
export async function setUpDeployment(options: DeploymentSetupOptions): Promise<DeploymentSetup> {
  const roles = deploymentRoles(options.database);
  const owner = await withClient(options.adminUrl, async (client) => {
    const chosen = await chooseOwner(client, options.database, roles);
    const ownerRoles = { ...roles, owner: chosen.owner };
    const id = (name: string) => client.escapeIdentifier(name);
    await client.query(createRoleSql(client, ownerRoles.owner, "LOGIN"));
    // A role from before this setup may hold CREATEROLE, which on PostgreSQL 15 and older is one step from superuser.
    await client.query(`ALTER ROLE ${id(ownerRoles.owner)} LOGIN NOCREATEROLE NOCREATEDB NOBYPASSRLS NOREPLICATION`);
    if (options.ownerPassword !== undefined) {
      await client.query(`ALTER ROLE ${id(ownerRoles.owner)} PASSWORD ${client.escapeLiteral(options.ownerPassword)}`);
    }
    await client.query(createRoleSql(client, roles.app, "NOLOGIN NOBYPASSRLS"));
    await client.query(createRoleSql(client, roles.auditor, "NOLOGIN NOBYPASSRLS"));
    await client.query(`ALTER ROLE ${id(roles.app)} NOLOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS`);
    // The owner switches to the application role for every unit of work, and may hand out the auditor role.
    await client.query(`GRANT ${id(roles.app)} TO ${id(ownerRoles.owner)}`);
    await client.query(`GRANT ${id(roles.auditor)} TO ${id(ownerRoles.owner)} WITH ADMIN OPTION`);
    if (!chosen.exists) {
      await client.query(`CREATE DATABASE ${id(options.database)} OWNER ${id(ownerRoles.owner)} TEMPLATE template0`);
    } else {
      await client.query(`ALTER DATABASE ${id(options.database)} OWNER TO ${id(ownerRoles.owner)}`);
    }
    // Only this deployment's roles may connect: another deployment's owner on the same server may not.
    await client.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${id(options.database)} FROM PUBLIC`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${id(options.database)} TO ${id(ownerRoles.owner)}`);
    await client.query(`GRANT CONNECT ON DATABASE ${id(options.database)} TO ${id(roles.auditor)}`);
    return ownerRoles.owner;
  });
  const url = new URL(options.adminUrl);
  url.username = encodeURIComponent(owner);
  url.password = options.ownerPassword === undefined ? "" : encodeURIComponent(options.ownerPassword);
  url.pathname = `/${encodeURIComponent(options.database)}`;
  return { roles: { ...roles, owner }, ownerUrl: url.toString() };
}
