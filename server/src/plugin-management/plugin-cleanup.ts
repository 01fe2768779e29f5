import type { Pool } from "pg";
import { describePrincipal, servicePrincipal } from "@checkstack/backend-api";
import { withAdvisoryLock } from "../database/advisory-lock";
import { MIGRATIONS_SCHEMA, pluginSchemaName, quoteIdent } from "../database/schema-names";
import { SET_ACTING_PRINCIPAL } from "../database/database-statements";
import { DELETE_PLUGIN_RECORD, DISABLE_PLUGIN, RECORD_PLUGIN_REMOVAL } from "../plugin-runtime/plugin-records";
import { ADMIN_PLUGIN_ID } from "./plugin-store";
import {
  DROP_HOOK_SUBSCRIPTIONS,
  PLUGIN_DATA_PRESENT,
  PURGE_ACCESS_RULES,
  PURGE_DISABLED_DEFAULTS,
  PURGE_INSTANCE_PLUGINS,
  PURGE_PLUGIN_CONFIGS,
  PURGE_RECURRING_JOBS,
  PURGE_RESOURCE_GRANTS,
  PURGE_RESOURCE_SETTINGS,
  dropMigrationTable,
  dropSchema,
} from "./plugin-statements";

export interface PurgeOptions {
  /** Drop plugin_<id> with its data, its migration bookkeeping, its settings and its team grants. */
  deleteSchema: boolean;
  /** Delete its checkstack.plugins row (a deregistration; a disable keeps it). */
  dropRecord: boolean;
  /**
   * Remember the removal in checkstack.plugin_removals (a deregistration, not
   * a rolled-back install), so an instance that was down meanwhile does not
   * record the plugin again from its own files when it returns.
   */
  recordRemoval?: boolean;
  /** Set its checkstack.plugins row disabled in the same transaction (retiring an example plugin). */
  disableRecord?: boolean;
}

/**
 * Removes what the cluster holds for a plugin, once, after every instance has
 * unloaded it: its access rules (role grants go with them by cascade), its
 * hook subscriptions and recurring jobs, and with deleteSchema its data. One
 * transaction, under the plugin's migration lock, so a migration of the same
 * plugin (a reinstall) never interleaves with it.
 */
export async function purgePlugin(pool: Pool, pluginId: string, options: PurgeOptions): Promise<void> {
  const schema = pluginSchemaName(pluginId);
  const resourcePrefix = `${pluginId}.%`;
  await withAdvisoryLock(pool, `migrate:${schema}`, async (client) => {
    await client.query("BEGIN");
    try {
      const principal = servicePrincipal(ADMIN_PLUGIN_ID);
      await client.query(SET_ACTING_PRINCIPAL, [
        JSON.stringify(principal),
        describePrincipal(principal),
      ]);
      await client.query(PURGE_ACCESS_RULES, [pluginId]);
      await client.query(PURGE_DISABLED_DEFAULTS, [resourcePrefix]);
      await client.query(DROP_HOOK_SUBSCRIPTIONS, [pluginId]);
      await client.query(PURGE_RECURRING_JOBS, [pluginId]);
      await client.query(PURGE_INSTANCE_PLUGINS, [pluginId]);
      if (options.deleteSchema) {
        await client.query(dropSchema(quoteIdent(schema)));
        await client.query(dropMigrationTable(`${quoteIdent(MIGRATIONS_SCHEMA)}.${quoteIdent(schema)}`));
        await client.query(PURGE_PLUGIN_CONFIGS, [pluginId]);
        await client.query(PURGE_RESOURCE_GRANTS, [resourcePrefix]);
        await client.query(PURGE_RESOURCE_SETTINGS, [resourcePrefix]);
      }
      if (options.disableRecord) await client.query(DISABLE_PLUGIN, [pluginId]);
      if (options.dropRecord) await client.query(DELETE_PLUGIN_RECORD, [pluginId]);
      if (options.recordRemoval) {
        await client.query(RECORD_PLUGIN_REMOVAL, [pluginId]);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });
}

/** A disabled plugin's subscriptions: emitters stop queueing events nobody will take until it is enabled (and subscribes) again. */
export async function dropSubscriptions(pool: Pool, pluginId: string): Promise<void> {
  await pool.query(DROP_HOOK_SUBSCRIPTIONS, [pluginId]);
}

/** Whether a plugin's data is there already (kept by a removal without deleteSchema): a failed reinstall must not drop it. */
export async function hasPluginData(pool: Pool, pluginId: string): Promise<boolean> {
  const schema = pluginSchemaName(pluginId);
  const result = await pool.query<{ present: boolean }>(PLUGIN_DATA_PRESENT, [quoteIdent(schema), `${quoteIdent(MIGRATIONS_SCHEMA)}.${quoteIdent(schema)}`]);
  return result.rows[0]?.present === true;
}
