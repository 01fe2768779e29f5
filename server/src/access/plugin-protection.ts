import { getTableName, type Table } from "drizzle-orm";
import type { PoolClient } from "pg";
import { qualifyAccessRuleId } from "@checkstack/common";
import type { AccessChangeEvent, ResourceTableDeclaration } from "@checkstack/backend-api";
import { rolesOfConnection } from "../database/deployment-roles";
import { quoteIdent } from "../database/schema-names";

/**
 * Gives the application role use of a plugin's tables, then puts every table
 * under row-level security and the audit trigger, with per-row resource
 * policies on the tables the plugin declared as holding team-scoped resources
 * (its own, or another plugin's: see ResourceTableDeclaration.resourcePluginId).
 * Runs in the migration's transaction, under its lock.
 */
export async function protectPluginSchema(
  client: PoolClient,
  plugin: {
    pluginId: string;
    schemaName: string;
    resourceTables: ReadonlyArray<ResourceTableDeclaration>;
    accessChangeTables: ReadonlyArray<{ table: Table; events: ReadonlyArray<AccessChangeEvent> }>;
    unauditedTables: ReadonlyArray<{ table: Table }>;
  },
): Promise<void> {
  const schema = quoteIdent(plugin.schemaName);
  const role = quoteIdent((await rolesOfConnection(client)).app);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
  await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
  await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
  for (const declared of plugin.resourceTables) {
    // Rules and resource type are the owning plugin's, which may be another one (sql/035_resource_row_scope.sql).
    const owner = declared.resourcePluginId ?? plugin.pluginId;
    await client.query("SELECT checkstack.protect_scoped_table($1, $2, $3, $4, $5, $6)", [
      plugin.schemaName,
      getTableName(declared.table),
      declared.idColumn ?? "id",
      qualifyAccessRuleId(owner, declared.access.read.resource),
      qualifyAccessRuleId(owner, declared.access.read.id),
      qualifyAccessRuleId(owner, declared.access.manage.id),
    ]);
  }
  for (const { table, events } of plugin.accessChangeTables) {
    await client.query("SELECT checkstack.track_access_changes($1, $2, $3)", [plugin.schemaName, getTableName(table), [...new Set(events)].join(" OR ")]);
  }
  const unaudited = plugin.unauditedTables.map(({ table }) => getTableName(table));
  await client.query("SELECT checkstack.protect_plugin_schema($1, $2::text[])", [plugin.schemaName, unaudited]);
}
