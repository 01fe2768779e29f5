import { afterAll, beforeAll } from "bun:test";
import { join } from "node:path";
import { Pool } from "pg";
import { migrate } from "../database/migrator";
import { pluginSchemaName } from "../database/schema-names";
import { createTestDatabase, type TestDatabase } from "./test-database";

export interface PluginTestDatabase {
  /** Connects with search_path set to the plugin's schema, so its tables resolve as they do in the platform. */
  readonly url: string;
  readonly schema: string;
}

function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
}

/**
 * A fresh database holding one plugin's schema, migrated from the plugin's
 * drizzle folder exactly as the platform does when it loads the plugin.
 */
export function usePluginTestDatabase(options: { pluginId: string; pluginDir: string }): PluginTestDatabase {
  let database: TestDatabase | undefined;
  const schema = pluginSchemaName(options.pluginId);
  beforeAll(async () => {
    database = await createTestDatabase();
    const pool = new Pool({ connectionString: database.url, max: 1 });
    try {
      await migrate(pool, { folder: join(options.pluginDir, "drizzle"), bookkeepingTable: schema, schema });
    } finally {
      await pool.end();
    }
  });
  afterAll(async () => {
    await database?.drop();
  });
  return {
    schema,
    get url(): string {
      if (!database) throw new Error("usePluginTestDatabase().url is only available once beforeAll has run");
      return withSearchPath(database.url, schema);
    },
  };
}
