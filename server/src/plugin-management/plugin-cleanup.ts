import type { Pool } from "pg";
import { describePrincipal, servicePrincipal } from "@checkstack/backend-api";
import { withAdvisoryLock } from "../database/advisory-lock";
import { MIGRATIONS_SCHEMA, pluginSchemaName, quoteIdent } from "../database/schema-names";
import { ADMIN_PLUGIN_ID } from "./plugin-store";

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
      await client.query("SELECT set_config('checkstack.principal', $1, true), set_config('checkstack.principal_label', $2, true)", [
        JSON.stringify(principal),
        describePrincipal(principal),
      ]);
      await client.query("DELETE FROM checkstack.access_rules WHERE plugin_id = $1", [pluginId]);
      await client.query("DELETE FROM checkstack.disabled_default_access_rule WHERE rule_id LIKE $1", [resourcePrefix]);
      await client.query("DELETE FROM checkstack.hook_subscriptions WHERE plugin_id = $1", [pluginId]);
      await client.query("DELETE FROM checkstack.recurring_jobs WHERE plugin_id = $1", [pluginId]);
      await client.query("DELETE FROM checkstack.instance_plugins WHERE plugin_id = $1", [pluginId]);
      if (options.deleteSchema) {
        await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
        await client.query(`DROP TABLE IF EXISTS ${quoteIdent(MIGRATIONS_SCHEMA)}.${quoteIdent(schema)}`);
        await client.query("DELETE FROM checkstack.plugin_configs WHERE plugin_id = $1", [pluginId]);
        await client.query("DELETE FROM checkstack.resource_grants WHERE resource_type LIKE $1", [resourcePrefix]);
        await client.query("DELETE FROM checkstack.resource_settings WHERE resource_type LIKE $1", [resourcePrefix]);
      }
      if (options.disableRecord) await client.query("UPDATE checkstack.plugins SET enabled = false, updated_at = now() WHERE id = $1", [pluginId]);
      if (options.dropRecord) await client.query("DELETE FROM checkstack.plugins WHERE id = $1", [pluginId]);
      if (options.recordRemoval) {
        await client.query(
          `INSERT INTO checkstack.plugin_removals (plugin_id) VALUES ($1)
           ON CONFLICT (plugin_id) DO UPDATE SET removed_at = now()`,
          [pluginId],
        );
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
  await pool.query("DELETE FROM checkstack.hook_subscriptions WHERE plugin_id = $1", [pluginId]);
}

/** Whether a plugin's data is there already (kept by a removal without deleteSchema): a failed reinstall must not drop it. */
export async function hasPluginData(pool: Pool, pluginId: string): Promise<boolean> {
  const schema = pluginSchemaName(pluginId);
  const result = await pool.query<{ present: boolean }>(
    "SELECT to_regnamespace($1) IS NOT NULL OR to_regclass($2) IS NOT NULL AS present",
    [quoteIdent(schema), `${quoteIdent(MIGRATIONS_SCHEMA)}.${quoteIdent(schema)}`],
  );
  return result.rows[0]?.present === true;
}
