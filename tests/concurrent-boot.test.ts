import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { useTestDatabase } from "@checkstack/test-utils";
import { fixtures, usePluginsDirs } from "./support/fixture-plugins";
import { BOOT_BOUND_MS, newSecretKey, REPO_ROOT, usePlatforms } from "./support/platform-process";

const platforms = usePlatforms();
const database = useTestDatabase();
const pluginsDirs = usePluginsDirs();

const INSTANCES = 3;
const FIXTURE_ID = "fixture-migrations";
const FIXTURE_SCHEMA = "plugin_fixture_migrations";

function journalWhens(migrationsFolder: string): string[] {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: Array<{ when: number }> };
  return journal.entries.map((entry) => String(entry.when));
}

async function query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** created_at of every bookkeeping row, in order: equal to the journal means each migration ran once. */
async function appliedMigrations(table: string): Promise<string[]> {
  const rows = await query<{ created_at: string }>(`SELECT created_at::text FROM checkstack_migrations.${table} ORDER BY id`);
  return rows.map((row) => row.created_at);
}

async function tableExists(schema: string, table: string): Promise<boolean> {
  const rows = await query("SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2", [schema, table]);
  return rows.length === 1;
}

test(
  `${INSTANCES} instances booting at once on an empty database apply each migration exactly once`,
  async () => {
    const pluginsDir = await pluginsDirs.create([fixtures.withMigrations(FIXTURE_ID)]);
    const options = { databaseUrl: database.url, secretKey: newSecretKey(), env: { CHECKSTACK_PLUGINS_DIR: pluginsDir } };
    const instances = await Promise.all(Array.from({ length: INSTANCES }, () => platforms.start(options)));
    await Promise.all(instances.map((instance) => instance.waitForReady(BOOT_BOUND_MS)));

    const bootMs = instances.map((instance) => instance.logs.find((line) => line.msg === "platform ready")?.["bootMs"]);
    console.info(`concurrent boot: bootMs per instance ${JSON.stringify(bootMs)}`);

    expect(await appliedMigrations("platform")).toEqual(journalWhens(join(REPO_ROOT, "migrations")));
    expect(await appliedMigrations("plugin_myfeature")).toEqual(journalWhens(join(REPO_ROOT, "plugins", "myfeature-backend", "drizzle")));
    expect(await tableExists("plugin_myfeature", "items")).toBe(true);

    expect(await appliedMigrations(FIXTURE_SCHEMA)).toEqual(["1700000000000", "1700000000001"]);
    expect(await tableExists(FIXTURE_SCHEMA, "widgets")).toBe(true);
    const columns = await query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'widgets' ORDER BY ordinal_position",
      [FIXTURE_SCHEMA],
    );
    expect(columns.map((column) => column.column_name)).toEqual(["id", "name", "size"]);

    // Exactly one instance did the work; the others found nothing pending.
    const appliedBy = (pluginId: string) =>
      instances.flatMap((instance) => instance.logs.filter((line) => line.msg === "plugin migrations applied" && line["pluginId"] === pluginId));
    expect(appliedBy(FIXTURE_ID).map((line) => line["applied"])).toEqual([2]);
    expect(appliedBy("myfeature")).toHaveLength(1);
  },
  BOOT_BOUND_MS + 30_000,
);
