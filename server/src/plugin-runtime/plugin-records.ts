import { sql, type SQL } from "drizzle-orm";
import type { PlatformDatabase } from "../database/platform-database";

/**
 * The one owner of checkstack.plugins (which plugins the cluster runs, from
 * which source, enabled or not) and checkstack.plugin_removals (ids the
 * cluster removed). Every statement on those tables lives here; the runtime
 * calls recordPlugin() at load, the plugin administration runs the
 * statements below (parameters in the order each comment gives).
 */

export interface PluginRecord {
  id: string;
  version: string;
  source: string;
  enabled: boolean;
}

/** Every record, by id: what the cluster should be running. */
export const LIST_PLUGIN_RECORDS = "SELECT id, version, source, enabled FROM checkstack.plugins ORDER BY id";

/** One record (id). */
export const GET_PLUGIN_RECORD = "SELECT id, version, source, enabled FROM checkstack.plugins WHERE id = $1";

/** Ids removed cluster-wide and not installed since: an instance that kept their files must not bring them back. */
export const LIST_PLUGIN_REMOVALS = "SELECT plugin_id FROM checkstack.plugin_removals";

/** An operator's install (id, version, source): enabled, and a duplicate id fails on the primary key. */
export const INSERT_INSTALLED_PLUGIN = "INSERT INTO checkstack.plugins (id, version, source, enabled) VALUES ($1, $2, $3, true)";

/** Installed again (id): instances may record and load it from their own files from now on. */
export const FORGET_PLUGIN_REMOVAL = "DELETE FROM checkstack.plugin_removals WHERE plugin_id = $1";

/** Enables or disables (id, enabled): the flag every instance loads or unloads by. */
export const SET_PLUGIN_ENABLED = "UPDATE checkstack.plugins SET enabled = $2, updated_at = now() WHERE id = $1";

/** Disables (id) inside a purge's transaction: retiring an example plugin keeps its row. */
export const DISABLE_PLUGIN = "UPDATE checkstack.plugins SET enabled = false, updated_at = now() WHERE id = $1";

/** Deregisters (id): the row goes; the removal is remembered separately with RECORD_PLUGIN_REMOVAL. */
export const DELETE_PLUGIN_RECORD = "DELETE FROM checkstack.plugins WHERE id = $1";

/** Remembers a deregistration (id), refreshing the time of a repeated one. */
export const RECORD_PLUGIN_REMOVAL = `INSERT INTO checkstack.plugin_removals (plugin_id) VALUES ($1)
           ON CONFLICT (plugin_id) DO UPDATE SET removed_at = now()`;

/** Enables the listed ids (text[]) that are disabled: the example-plugin switch turned back on. */
export const ENABLE_PLUGINS = "UPDATE checkstack.plugins SET enabled = true, updated_at = now() WHERE id = ANY($1::text[]) AND NOT enabled";

/** Which of the listed ids (text[]) have a record. */
export const RECORDED_PLUGIN_IDS = "SELECT id FROM checkstack.plugins WHERE id = ANY($1::text[])";

/**
 * Records a plugin an instance found, keeping an operator's enabled flag and source; the removal check is in
 * the inserting statement itself, so a removal committed concurrently is never overwritten.
 */
function recordFoundPlugin(plugin: { id: string; version: string; source: string }): SQL {
  return sql`
    INSERT INTO checkstack.plugins (id, version, source)
    SELECT ${plugin.id}, ${plugin.version}, ${plugin.source}
     WHERE NOT EXISTS (SELECT 1 FROM checkstack.plugin_removals WHERE plugin_id = ${plugin.id})
    ON CONFLICT (id) DO UPDATE SET version = excluded.version, updated_at = now()
    RETURNING id, version, source, enabled`;
}

/** Updates the version of a row that exists despite a removal mark (recorded before removals were tracked). */
function refreshPluginVersion(plugin: { id: string; version: string }): SQL {
  return sql`
    UPDATE checkstack.plugins SET version = ${plugin.version}, updated_at = now()
     WHERE id = ${plugin.id}
    RETURNING id, version, source, enabled`;
}

/**
 * Records that a plugin exists, keeping an operator's enabled flag and install
 * source; returns the stored record. Undefined when the cluster removed the
 * plugin (checkstack.plugin_removals) and it has not been installed again: an
 * instance that still has its files (it was down during the removal) must not
 * bring it back cluster-wide.
 */
export async function recordPlugin(db: PlatformDatabase, plugin: { id: string; version: string; source: string }): Promise<PluginRecord | undefined> {
  const inserted = await db.execute<{ id: string; version: string; source: string; enabled: boolean }>(recordFoundPlugin(plugin));
  const row = inserted.rows[0];
  if (row) return row;
  // Removed, unless a row exists after all (recorded before removals were tracked): then it stands.
  const existing = await db.execute<{ id: string; version: string; source: string; enabled: boolean }>(refreshPluginVersion(plugin));
  return existing.rows[0];
}
