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

/** One short-lived connection for administrative statements, always closed. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
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
async function chooseOwner(client: pg.Client, database: string, roles: DeploymentRoles): Promise<{ owner: string; exists: boolean; fromSuperuser: boolean }> {
  const { rows } = await client.query<{ owner: string; super: boolean }>(
    "SELECT r.rolname AS owner, r.rolsuper AS super FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = $1",
    [database],
  );
  const current = rows[0];
  if (!current) return { owner: roles.owner, exists: false, fromSuperuser: false };
  return { owner: current.super ? roles.owner : current.owner, exists: true, fromSuperuser: current.super };
}

/**
 * Hands the objects of a database that a superuser owned (an installation
 * from before this setup, whose compose file ran the platform as the
 * superuser) to the new owner: schemas outside the system ones, and their
 * tables, sequences, views, functions and types. REASSIGN OWNED would do it,
 * but refuses the bootstrap superuser.
 */
const TRANSFER_SQL = `DO $$
DECLARE
  v_from oid := (SELECT datdba FROM pg_database WHERE datname = current_database());
  v_to text := current_setting('checkstack.setup_owner');
  s record;
  r record;
BEGIN
  FOR s IN SELECT n.oid, n.nspname, n.nspowner FROM pg_namespace n
            WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' LOOP
    IF s.nspowner = v_from AND s.nspname <> 'public' THEN
      EXECUTE format('ALTER SCHEMA %I OWNER TO %I', s.nspname, v_to);
    END IF;
    -- Tables take their owned sequences along; free-standing sequences and views follow.
    FOR r IN SELECT c.oid::regclass AS rel, c.relkind FROM pg_class c
              WHERE c.relnamespace = s.oid AND c.relowner = v_from AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                                      AND d.objid = c.oid AND d.deptype IN ('a', 'i'))) LOOP
      EXECUTE format('ALTER %s %s OWNER TO %I', CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                     WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.rel, v_to);
    END LOOP;
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.proowner = v_from AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e') LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.fn, v_to);
  END LOOP;
  FOR r IN SELECT t.oid::regtype AS ty FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE t.typowner = v_from AND t.typtype IN ('e', 'd', 'c') AND n.nspname NOT LIKE 'pg\\_%'
              AND n.nspname <> 'information_schema'
              AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c') LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO %I', r.ty, v_to);
  END LOOP;
END $$`;

async function transferObjects(adminUrl: string, database: string, owner: string): Promise<void> {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  await withClient(url.toString(), async (client) => {
    await client.query("BEGIN");
    await client.query("SELECT set_config('checkstack.setup_owner', $1, true)", [owner]);
    await client.query(TRANSFER_SQL);
    await client.query("COMMIT");
  });
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
  let transferFromSuperuser = false;
  const owner = await withClient(options.adminUrl, async (client) => {
    const chosen = await chooseOwner(client, options.database, roles);
    transferFromSuperuser = chosen.fromSuperuser;
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
    }
    // Only this deployment's roles may connect: another deployment's owner on the same server may not.
    await client.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${id(options.database)} FROM PUBLIC`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${id(options.database)} TO ${id(ownerRoles.owner)}`);
    await client.query(`GRANT CONNECT ON DATABASE ${id(options.database)} TO ${id(roles.auditor)}`);
    return ownerRoles.owner;
  });
  // Objects first (the transfer recognises them by the database's current owner), then the database.
  if (transferFromSuperuser) await transferObjects(options.adminUrl, options.database, owner);
  await withClient(options.adminUrl, async (client) => {
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(options.database)} OWNER TO ${client.escapeIdentifier(owner)}`);
  });
  const url = new URL(options.adminUrl);
  url.username = encodeURIComponent(owner);
  url.password = options.ownerPassword === undefined ? "" : encodeURIComponent(options.ownerPassword);
  url.pathname = `/${encodeURIComponent(options.database)}`;
  return { roles: { ...roles, owner }, ownerUrl: url.toString() };
}
