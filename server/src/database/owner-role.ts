import pg from "pg";
import { APP_ROLE } from "./schema-names";

/** The login role that owns the platform's tables. Not a superuser: superusers ignore row-level security, even FORCEd. */
export const OWNER_ROLE = "checkstack";
export const AUDITOR_ROLE = "checkstack_auditor";

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
 * With a superuser connection (the embedded server's, or a test server's):
 * makes sure the owner, application and auditor roles exist, that the owner
 * may switch to the application role and hand out the auditor role, and that
 * `database` exists and belongs to the owner. Returns the owner's URL for it.
 */
export async function provisionOwner(superuserUrl: string, options: { database: string; password: string }): Promise<string> {
  await withClient(superuserUrl, async (client) => {
    await client.query(createRoleSql(client, OWNER_ROLE, "LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE"));
    await client.query(`ALTER ROLE ${client.escapeIdentifier(OWNER_ROLE)} PASSWORD ${client.escapeLiteral(options.password)}`);
    await client.query(createRoleSql(client, APP_ROLE, "NOLOGIN NOBYPASSRLS"));
    await client.query(createRoleSql(client, AUDITOR_ROLE, "NOLOGIN"));
    for (const role of [APP_ROLE, AUDITOR_ROLE]) {
      await client.query(`GRANT ${client.escapeIdentifier(role)} TO ${client.escapeIdentifier(OWNER_ROLE)} WITH ADMIN OPTION`);
    }
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [options.database]);
    if (exists.rowCount === 0) {
      await client.query(
        `CREATE DATABASE ${client.escapeIdentifier(options.database)} OWNER ${client.escapeIdentifier(OWNER_ROLE)} TEMPLATE template0`,
      );
    } else {
      await client.query(`ALTER DATABASE ${client.escapeIdentifier(options.database)} OWNER TO ${client.escapeIdentifier(OWNER_ROLE)}`);
    }
  });
  const url = new URL(superuserUrl);
  url.username = OWNER_ROLE;
  url.password = options.password;
  url.pathname = `/${encodeURIComponent(options.database)}`;
  return url.toString();
}
