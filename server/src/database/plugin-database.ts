import { is, Table } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import type { Pool } from "pg";
import { servicePrincipal, type PluginSchema, type SafeDatabase } from "@checkstack/backend-api";
import { currentDbScope, runInDbScope } from "./db-scope";

/** drizzle keeps a table's schema under this registered symbol (not exposed in its types). */
const TABLE_SCHEMA = Symbol.for("drizzle:Schema");
import { ScopeRoutingPool } from "./scope-routing-pool";

/**
 * Binds a plugin's tables to its schema. Plugins declare tables with plain
 * pgTable("items"); their queries must name plugin_<id>.items, so each table
 * is qualified once, before drizzle reads the schema.
 */
export function bindTablesToSchema(schema: PluginSchema, schemaName: string): void {
  for (const [exportName, value] of Object.entries(schema)) {
    if (!is(value, Table)) continue;
    const table = value as Table & Record<symbol, string | undefined>;
    const current = table[TABLE_SCHEMA];
    if (current !== undefined && current !== schemaName) {
      throw new Error(`table "${exportName}" is declared in schema "${current}"; plugin tables belong in "${schemaName}"`);
    }
    table[TABLE_SCHEMA] = schemaName;
  }
}

export function createPluginDatabase<TSchema extends PluginSchema>(
  pool: Pool,
  plugin: { pluginId: string; schemaName: string },
  schema: TSchema,
): SafeDatabase<TSchema> {
  bindTablesToSchema(schema, plugin.schemaName);
  // The routing pool speaks the part of pg.Pool's interface that drizzle uses.
  const client = new ScopeRoutingPool(pool, plugin.pluginId) as unknown as Pool;
  const database = drizzle({ client, schema });
  const principal = servicePrincipal(plugin.pluginId);
  // Outside a request, db.transaction() becomes a scope of the plugin's own: hooks emitted and jobs
  // enqueued inside it are delivered only if it commits, and its writes are audited as the plugin.
  const transaction: typeof database.transaction = (work, config) =>
    currentDbScope() ? database.transaction(work, config) : runInDbScope(pool, { principal }, () => database.transaction(work, config));
  return new Proxy(database, {
    get: (target, property, receiver) => (property === "transaction" ? transaction : Reflect.get(target, property, receiver)),
  });
}
