import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import { getTestServerUrl } from "@checkstack/test-utils";
import { runDbCli } from "../server/src/cli/db/cli";
import { deploymentRoles } from "../server/src/database/deployment-roles";
import { setUpDeployment, withClient } from "../server/src/database/deployment-setup";
import { signPrincipal } from "../server/src/database/principal-signature";
import { createJsonLogger } from "../server/src/logging/json-logger";
import { bootPlatform, type Platform } from "../server/src/platform";
import { readPlatformEnv } from "../server/src/platform-env";
import { newSecretKey } from "./support/platform-process";

/**
 * Issue 12, items 5-7: the platform runs as a least-privileged login created
 * by `checkstack db init`, deployments on one server are isolated by their
 * roles, and SQL running as the application role cannot pick its principal
 * or change access beyond its caller's rules.
 */

const databases: string[] = [];
const dataDirs: string[] = [];
const platforms: Platform[] = [];

function urlFor(serverUrl: string, database: string, user?: { name: string; password: string }): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  if (user) {
    url.username = user.name;
    url.password = user.password;
  }
  return url.toString();
}


async function boot(databaseUrl: string): Promise<Platform> {
  const dataDir = await mkdtemp(join(tmpdir(), "checkstack-least-privilege-"));
  dataDirs.push(dataDir);
  const env = readPlatformEnv({ DATABASE_URL: databaseUrl, CHECKSTACK_DATA_DIR: dataDir, CHECKSTACK_SECRET_KEY: newSecretKey(), DB_POOL_MAX: "4", LOG_LEVEL: "silent" });
  const platform = await bootPlatform(env, createJsonLogger({ level: "silent" }));
  platforms.push(platform);
  return platform;
}

/** What an SQL statement answers, or the message it failed with. */
async function attempt(client: pg.Client, statements: Array<[string, unknown[]?]>): Promise<unknown> {
  await client.query("BEGIN");
  try {
    let last: unknown;
    for (const [text, values] of statements) last = (await client.query(text, values)).rows;
    return last;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.query("ROLLBACK");
  }
}

let serverUrl = "";
const password = randomBytes(12).toString("hex");
const name = (label: string) => {
  const database = `checkstack_lp_${label}_${randomBytes(4).toString("hex")}`;
  databases.push(database);
  return database;
};

beforeAll(async () => {
  serverUrl = await getTestServerUrl();
});

afterAll(async () => {
  for (const platform of platforms.splice(0)) await platform.stop("test finished");
  for (const dir of dataDirs.splice(0)) await rm(dir, { recursive: true, force: true });
  await withClient(serverUrl, async (client) => {
    for (const database of databases) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  });
});

describe("item 5: least-privilege login", () => {
  test("a superuser login is refused at boot, with what to do", async () => {
    const database = name("super");
    await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(database)} TEMPLATE template0`));
    const refused = await boot(urlFor(serverUrl, database)).then(
      () => "booted",
      (error: unknown) => (error as Error).message,
    );
    expect(refused).toContain("refusing to start");
    expect(refused).toContain("a superuser");
    expect(refused).toContain("checkstack db init");
    expect(refused).toContain("checkstack_owner_");
  });

  test("a BYPASSRLS or CREATEROLE login is refused too", async () => {
    const database = name("bypass");
    const setup = await setUpDeployment({ adminUrl: serverUrl, database, ownerPassword: password });
    const owner = { name: setup.roles.owner, password };
    for (const attribute of ["BYPASSRLS", "CREATEROLE"]) {
      await withClient(serverUrl, (client) => client.query(`ALTER ROLE ${client.escapeIdentifier(owner.name)} ${attribute}`));
      const refused = await boot(urlFor(serverUrl, database, owner)).then(
        () => "booted",
        (error: unknown) => (error as Error).message,
      );
      expect(refused).toContain(`has ${attribute}`);
      await withClient(serverUrl, (client) => client.query(`ALTER ROLE ${client.escapeIdentifier(owner.name)} NO${attribute}`));
    }
  });

  test("after `checkstack db init` the platform boots as the owner login, which cannot create roles or bypass row security", async () => {
    const database = name("init");
    const out: string[] = [];
    const code = await runDbCli(["init", "--admin-url", serverUrl, "--database", database, "--owner-password", password], {}, {
      stdout: (text) => void out.push(text),
      stderr: (text) => void out.push(text),
    });
    expect(out.join("")).not.toContain(password);
    expect(code).toBe(0);
    const roles = deploymentRoles(database);
    const platform = await boot(urlFor(serverUrl, database, { name: roles.owner, password }));
    expect((await platform.readiness()).ready).toBe(true);
    const attributes = await platform.pool.query<{ rolname: string; rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
      "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = ANY ($1) ORDER BY rolname",
      [[roles.owner, roles.app, roles.auditor]],
    );
    expect(attributes.rows).toHaveLength(3);
    for (const role of attributes.rows) {
      expect({ role: role.rolname, super: role.rolsuper, createrole: role.rolcreaterole, createdb: role.rolcreatedb, bypassrls: role.rolbypassrls }).toEqual({
        role: role.rolname,
        super: false,
        createrole: false,
        createdb: false,
        bypassrls: false,
      });
      expect(role.rolcanlogin).toBe(role.rolname === roles.owner);
    }
    expect((await platform.pool.query("SELECT current_user AS login")).rows[0].login).toBe(roles.owner);
    // A second run (an upgrade, a repair) changes nothing that works.
    expect(await runDbCli(["init", "--admin-url", serverUrl, "--database", database], {}, { stdout: () => undefined, stderr: () => undefined })).toBe(0);
  });

  test("db init hands a database the superuser owned (the old compose shape) to the owner login", async () => {
    const database = name("legacy");
    await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(database)} TEMPLATE template0`));
    await withClient(urlFor(serverUrl, database), async (client) => {
      await client.query("CREATE SCHEMA checkstack");
      await client.query("CREATE TABLE checkstack.things (id bigserial PRIMARY KEY)");
      await client.query("CREATE TYPE checkstack.mood AS ENUM ('ok')");
      await client.query("CREATE FUNCTION checkstack.one() RETURNS int LANGUAGE sql AS 'SELECT 1'");
      await client.query("CREATE SCHEMA pgboss");
      await client.query("CREATE SEQUENCE pgboss.free");
    });
    const setup = await setUpDeployment({ adminUrl: serverUrl, database, ownerPassword: password });
    const owners = await withClient(urlFor(serverUrl, database), (client) =>
      client.query<{ owner: string }>(
        `SELECT DISTINCT pg_get_userbyid(owner) AS owner FROM (
           SELECT nspowner AS owner FROM pg_namespace WHERE nspname IN ('checkstack', 'pgboss')
           UNION ALL SELECT relowner FROM pg_class WHERE relnamespace IN ('checkstack'::regnamespace, 'pgboss'::regnamespace)
           UNION ALL SELECT proowner FROM pg_proc WHERE pronamespace = 'checkstack'::regnamespace
           UNION ALL SELECT typowner FROM pg_type WHERE typnamespace = 'checkstack'::regnamespace
           UNION ALL SELECT datdba FROM pg_database WHERE datname = current_database()) o`,
      ),
    );
    expect(owners.rows).toEqual([{ owner: setup.roles.owner }]);
  });

  test("db init names a missing admin URL instead of failing obscurely", async () => {
    const errors: string[] = [];
    expect(await runDbCli(["init"], {}, { stdout: () => undefined, stderr: (text) => void errors.push(text) })).toBe(2);
    expect(errors.join("")).toContain("--admin-url (or CHECKSTACK_DB_ADMIN_URL) is required");
  });
});

describe("item 6: two deployments on one server", () => {
  test("the owner of one can neither connect to the other's database nor switch to its application role", async () => {
    const [staging, production] = [name("staging"), name("production")];
    const stagingSetup = await setUpDeployment({ adminUrl: serverUrl, database: staging, ownerPassword: password });
    const productionSetup = await setUpDeployment({ adminUrl: serverUrl, database: production, ownerPassword: password });
    expect(stagingSetup.roles.app).not.toBe(productionSetup.roles.app);
    const stagingOwner = { name: stagingSetup.roles.owner, password };
    const connected = await withClient(urlFor(serverUrl, production, stagingOwner), async () => "connected").catch((error: unknown) => (error as Error).message);
    expect(connected).toContain("permission denied for database");
    const switched = await withClient(urlFor(serverUrl, staging, stagingOwner), (client) =>
      attempt(client, [[`SET LOCAL ROLE ${client.escapeIdentifier(productionSetup.roles.app)}`]]),
    );
    expect(switched).toContain("permission denied to set role");
    // Its own role, for contrast.
    const own = await withClient(urlFor(serverUrl, staging, stagingOwner), (client) =>
      attempt(client, [[`SET LOCAL ROLE ${client.escapeIdentifier(stagingSetup.roles.app)}`], ["SELECT current_user AS role"]]),
    );
    expect(own).toEqual([{ role: stagingSetup.roles.app }]);
  });
});

describe("item 7: SQL running as the application role cannot raise its access", () => {
  let platform: Platform;
  let ownerUrl = "";
  let key: Buffer;
  const admin = JSON.stringify({ type: "user", id: "lp-admin" });
  const plain = JSON.stringify({ type: "user", id: "lp-plain" });
  const asApp = (roles: { app: string }) => `SELECT set_config('role', '${roles.app}', true)`;
  // What the platform sends for a principal (scope-settings.ts), signed with the deployment's key.
  const signed = (principal: string, label: string): [string, unknown[]] => [
    "SELECT set_config('checkstack.principal', $1, true), set_config('checkstack.principal_label', $2, true), set_config('checkstack.principal_signature', $3, true)",
    [principal, label, signPrincipal(key, principal, label)],
  ];

  beforeAll(async () => {
    const database = name("forge");
    ownerUrl = (await setUpDeployment({ adminUrl: serverUrl, database, ownerPassword: password })).ownerUrl;
    platform = await boot(ownerUrl);
    await platform.pool.query("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'lp-admin', 'admin')");
    await platform.pool.query("INSERT INTO checkstack.audit_log (principal, schema_name, table_name, operation) VALUES ('x', 'x', 'x', 'INSERT')");
    key = (await platform.pool.query<{ key: Buffer }>("SELECT signing_secret AS key FROM checkstack.principal_signing_key")).rows[0]!.key;
  }, 60_000);

  test("set_config of an admin principal is refused; the same principal signed by the platform reads admin-only rows", async () => {
    const roles = deploymentRoles(new URL(ownerUrl).pathname.slice(1));
    await withClient(ownerUrl, async (client) => {
      const forged = await attempt(client, [[asApp(roles)], ["SELECT set_config('checkstack.principal', $1, true)", [admin]], ["SELECT count(*)::int AS n FROM checkstack.audit_log"]]);
      expect(forged).toContain("checkstack.principal was not set by the platform");
      // Replaying a real signature with another principal does not help either.
      const replayed = await attempt(client, [[asApp(roles)], signed(plain, "user:lp-plain"), ["SELECT set_config('checkstack.principal', $1, true)", [admin]], ["SELECT count(*)::int AS n FROM checkstack.audit_log"]]);
      expect(replayed).toContain("checkstack.principal was not set by the platform");
      const genuine = await attempt(client, [[asApp(roles)], signed(admin, "user:lp-admin"), ["SELECT count(*)::int AS n FROM checkstack.audit_log"]]);
      expect(genuine).toEqual([{ n: expect.any(Number) }]);
      expect((genuine as Array<{ n: number }>)[0]!.n).toBeGreaterThan(0);
      // And the audit trail's label cannot be forged to blame someone else.
      const blamed = await attempt(client, [[asApp(roles)], signed(admin, "user:lp-admin"), ["SELECT set_config('checkstack.principal_label', 'user:someone-else', true)"], ["SELECT checkstack.signed_principal_label() AS label"]]);
      expect(blamed).toContain("was not set by the platform");
    });
  });

  test("the access-administration tables and the hook outbox are not writable beyond the caller's rules", async () => {
    const roles = deploymentRoles(new URL(ownerUrl).pathname.slice(1));
    await withClient(ownerUrl, async (client) => {
      const asPlain: Array<[string, unknown[]?]> = [[asApp(roles)], signed(plain, "user:lp-plain")];
      const grantAdmin = "INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'lp-plain', 'admin')";
      expect(await attempt(client, [...asPlain, [grantAdmin]])).toContain("row-level security");
      expect(await attempt(client, [...asPlain, ["INSERT INTO checkstack.role_rules (role_id, rule_id) SELECT 'users', id FROM checkstack.access_rules"]])).toContain("row-level security");
      expect(await attempt(client, [...asPlain, ["DELETE FROM checkstack.principal_roles RETURNING 1"]])).toEqual([]);
      expect(await attempt(client, [...asPlain, ["UPDATE checkstack.access_rules SET level = 'read'"]])).toContain("permission denied");
      expect(await attempt(client, [...asPlain, ["UPDATE checkstack.hook_outbox SET payload = '{}'"]])).toContain("permission denied");
      expect(await attempt(client, [...asPlain, ["DELETE FROM checkstack.hook_outbox"]])).toContain("permission denied");
      expect(await attempt(client, [...asPlain, ["SELECT payload FROM checkstack.hook_outbox"]])).toContain("permission denied");
      expect(await attempt(client, [...asPlain, ["SELECT signing_secret FROM checkstack.principal_signing_key"]])).toContain("permission denied");
      const team = "INSERT INTO checkstack.teams (name) VALUES ('lp-team') RETURNING id";
      expect(await attempt(client, [...asPlain, [team]])).toContain("row-level security");
      const [created] = (await attempt(client, [[asApp(roles)], signed(admin, "user:lp-admin"), [team]])) as Array<{ id: string }>;
      expect(created?.id).toBeString();
      await client.query("INSERT INTO checkstack.teams (id, name) VALUES ($1, 'lp-team')", [created!.id]);
      const join = ["INSERT INTO checkstack.team_members (team_id, principal_type, principal_id, is_manager) VALUES ($1, 'user', 'lp-plain', true)", [created!.id]] as [string, unknown[]];
      expect(await attempt(client, [...asPlain, join])).toContain("row-level security");
      const grant = ["INSERT INTO checkstack.resource_grants (resource_type, resource_id, team_id, can_read, can_manage) VALUES ('catalog.system', 'someone-elses', $1, true, true)", [created!.id]] as [string, unknown[]];
      expect(await attempt(client, [...asPlain, grant])).toContain("row-level security");
      expect(await attempt(client, [...asPlain, ["UPDATE checkstack.resource_settings SET team_only = false RETURNING 1"]])).toEqual([]);
      // An admin (through the platform's signature) may assign roles, as through the API.
      expect(await attempt(client, [[asApp(roles)], signed(admin, "user:lp-admin"), [`${grantAdmin} RETURNING role_id`]])).toEqual([{ role_id: "admin" }]);
    });
  });
});
