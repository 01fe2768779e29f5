import { afterAll, beforeAll } from "bun:test";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { setUpDeployment } from "../database/deployment-setup";
import { getTestServerUrl } from "./embedded-server";

/*
 * One fresh database per test file (or per call), created as the platform's
 * deployment setup creates production ones, and dropped afterwards. The
 * server functions are re-exported so tests need one import.
 */
export { getTestServerUrl, stopTestServer, stopTestServerOnExit } from "./embedded-server";

export interface TestDatabase {
  url: string;
  name: string;
  /** Terminates the database's connections and drops it. Safe to call more than once. */
  drop(): Promise<void>;
}

/** A fresh, empty database on that server, with a unique name. drop() terminates its connections and drops it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = await getTestServerUrl();
  const name = `checkstack_test_${randomBytes(6).toString("hex")}`;
  // template0 is guaranteed empty, and unlike template1 nobody can be connected to it.
  const url = await ownedDatabaseUrl(serverUrl, name);
  let dropped: Promise<void> | undefined;
  return {
    url,
    name,
    drop: () =>
      (dropped ??= withClient(serverUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      })),
  };
}

/** For bun:test files: registers beforeAll/afterAll in the calling file and returns a handle whose .url is set after beforeAll. */
export function useTestDatabase(): { readonly url: string } {
  let database: TestDatabase | undefined;
  // Explicit bounds: the first call starts the embedded server (initdb), which takes longer than a hook's 5 s default on a loaded machine.
  beforeAll(async () => {
    database = await createTestDatabase();
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
  }, 60_000);
  return {
    get url(): string {
      if (!database) throw new Error("useTestDatabase().url is only available once beforeAll has run");
      return database.url;
    },
  };
}

/**
 * The database is created for, and used as, the platform's non-superuser owner
 * role, as in production: a superuser would bypass row-level security. A
 * TEST_DATABASE_URL whose user cannot create roles gets a plain database
 * instead, used as that user.
 */
async function ownedDatabaseUrl(serverUrl: string, name: string): Promise<string> {
  const password = decodeURIComponent(new URL(serverUrl).password) || randomBytes(12).toString("hex");
  try {
    return (await setUpDeployment({ adminUrl: serverUrl, database: name, ownerPassword: password })).ownerUrl;
  } catch (error) {
    if (!process.env.TEST_DATABASE_URL) throw error;
    await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE template0`));
    return withDatabase(serverUrl, name);
  }
}

async function withClient<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
