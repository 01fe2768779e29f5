import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { fileURLToPath } from "node:url";
import type { Pool } from "pg";
import { migrate, type MigrationOutcome } from "./migrator";
import * as accessTables from "./access-schema";
import * as platformTables from "./platform-schema";
import { ScopeRoutingPool } from "./scope-routing-pool";

export const PLATFORM_MIGRATIONS_FOLDER = fileURLToPath(new URL("../../../migrations", import.meta.url));

const schema = { ...platformTables, ...accessTables };

export type PlatformDatabase = NodePgDatabase<typeof schema>;

export function migratePlatform(pool: Pool): Promise<MigrationOutcome> {
  return migrate(pool, { folder: PLATFORM_MIGRATIONS_FOLDER, bookkeepingTable: "platform" });
}

/** The platform's tables, routed like plugin databases: inside a scope, queries join its transaction. */
export function createPlatformDatabase(pool: Pool): PlatformDatabase {
  const client = new ScopeRoutingPool(pool) as unknown as Pool;
  return drizzle({ client, schema });
}
