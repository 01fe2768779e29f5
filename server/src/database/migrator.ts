import { readMigrationFiles, type MigrationMeta } from "drizzle-orm/migrator";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Pool, PoolClient } from "pg";
import { describePrincipal, servicePrincipal } from "@checkstack/backend-api";
import { withAdvisoryLock } from "./advisory-lock";
import { SET_ACTING_PRINCIPAL, createBookkeepingTable, createSchema, lastAppliedMigration, recordMigration, setMigrationSearchPath } from "./database-statements";
import { MIGRATIONS_SCHEMA, quoteIdent } from "./schema-names";

export interface MigrationTarget {
  /** Folder written by drizzle-kit (holds meta/_journal.json). */
  folder: string;
  /** Bookkeeping table in checkstack_migrations; one per plugin, kept outside the plugin's schema. */
  bookkeepingTable: string;
  /**
   * When set, the migrations are plugin migrations: they run with this schema
   * as search_path, and drizzle-kit's "public". qualifiers are pointed at it.
   */
  schema?: string;
  /** Data migrations of a plugin run as that plugin's service principal (row security, audit). */
  actingPluginId?: string;
  /**
   * Runs after the pending migrations (also when there were none), in the
   * same transaction and under the same lock: grants, row security, triggers.
   */
  afterApply?: (client: PoolClient) => Promise<void>;
}

export interface MigrationOutcome {
  applied: number;
  total: number;
}

export function hasMigrations(folder: string): boolean {
  return existsSync(join(folder, "meta", "_journal.json"));
}

function readMigrations(folder: string): MigrationMeta[] {
  return hasMigrations(folder) ? readMigrationFiles({ migrationsFolder: folder }) : [];
}

function retarget(statement: string, schema: string | undefined): string {
  return schema ? statement.replaceAll('"public".', `${quoteIdent(schema)}.`) : statement;
}

async function appliedUpTo(client: PoolClient, table: string): Promise<number> {
  await client.query(createSchema(quoteIdent(MIGRATIONS_SCHEMA)));
  await client.query(createBookkeepingTable(`${quoteIdent(MIGRATIONS_SCHEMA)}.${quoteIdent(table)}`));
  const result = await client.query<{ last: string | null }>(lastAppliedMigration(`${quoteIdent(MIGRATIONS_SCHEMA)}.${quoteIdent(table)}`));
  return Number(result.rows[0]?.last ?? 0);
}

async function applyPending(client: PoolClient, target: MigrationTarget, pending: MigrationMeta[]): Promise<void> {
  await client.query("BEGIN");
  try {
    if (target.schema) {
      await client.query(createSchema(quoteIdent(target.schema)));
      await client.query(setMigrationSearchPath(quoteIdent(target.schema)));
    }
    if (target.actingPluginId) {
      await client.query(SET_ACTING_PRINCIPAL, [
        JSON.stringify(servicePrincipal(target.actingPluginId)),
        describePrincipal(servicePrincipal(target.actingPluginId)),
      ]);
    }
    for (const migration of pending) {
      for (const statement of migration.sql) {
        if (statement.trim()) await client.query(retarget(statement, target.schema));
      }
      await client.query(recordMigration(`${quoteIdent(MIGRATIONS_SCHEMA)}.${quoteIdent(target.bookkeepingTable)}`), [migration.hash, migration.folderMillis]);
    }
    await target.afterApply?.(client);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/**
 * Applies a drizzle-kit migration folder exactly once across the cluster:
 * under an advisory lock, all pending migrations in one transaction.
 */
export async function migrate(pool: Pool, target: MigrationTarget): Promise<MigrationOutcome> {
  const migrations = readMigrations(target.folder);
  return withAdvisoryLock(pool, `migrate:${target.bookkeepingTable}`, async (client) => {
    const last = await appliedUpTo(client, target.bookkeepingTable);
    const pending = migrations.filter((migration) => migration.folderMillis > last);
    if (pending.length > 0 || target.afterApply) await applyPending(client, target, pending);
    return { applied: pending.length, total: migrations.length };
  });
}
