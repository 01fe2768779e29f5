import { getTableName, type Table } from "drizzle-orm";
import type { PoolClient } from "pg";
import { qualifyAccessRuleId } from "@checkstack/common";
import type { AccessChangeEvent, ResourceTableDeclaration } from "@checkstack/backend-api";
import { rolesOfConnection } from "../database/deployment-roles";
import { quoteIdent } from "../database/schema-names";
import { PROTECT_PLUGIN_SCHEMA, PROTECT_SCOPED_TABLE, TRACK_ACCESS_CHANGES, grantPluginSchema } from "./access-statements";

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
  for (const statement of grantPluginSchema(schema, role)) await client.query(statement);
  for (const declared of plugin.resourceTables) {
    // Rules and resource type are the owning plugin's, which may be another one (sql/035_resource_row_scope.sql).
    const owner = declared.resourcePluginId ?? plugin.pluginId;
    await client.query(PROTECT_SCOPED_TABLE, [
      plugin.schemaName,
      getTableName(declared.table),
      declared.idColumn ?? "id",
      qualifyAccessRuleId(owner, declared.access.read.resource),
      qualifyAccessRuleId(owner, declared.access.read.id),
      qualifyAccessRuleId(owner, declared.access.manage.id),
    ]);
  }
  for (const { table, events } of plugin.accessChangeTables) {
    await client.query(TRACK_ACCESS_CHANGES, [plugin.schemaName, getTableName(table), [...new Set(events)].join(" OR ")]);
  }
  const unaudited = plugin.unauditedTables.map(({ table }) => getTableName(table));
  await client.query(PROTECT_PLUGIN_SCHEMA, [plugin.schemaName, unaudited]);
}
