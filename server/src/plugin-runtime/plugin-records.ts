import { eq, sql } from "drizzle-orm";
import type { PlatformDatabase } from "../database/platform-database";
import { plugins } from "../database/platform-schema";

export interface PluginRecord {
  id: string;
  version: string;
  source: string;
  enabled: boolean;
}

/**
 * Records that a plugin exists, keeping an operator's enabled flag and install
 * source; returns the stored record. Undefined when the cluster removed the
 * plugin (checkstack.plugin_removals) and it has not been installed again: an
 * instance that still has its files (it was down during the removal) must not
 * bring it back cluster-wide. The check is in the inserting statement itself.
 */
export async function recordPlugin(db: PlatformDatabase, plugin: { id: string; version: string; source: string }): Promise<PluginRecord | undefined> {
  const inserted = await db.execute<{ id: string; version: string; source: string; enabled: boolean }>(sql`
    INSERT INTO checkstack.plugins (id, version, source)
    SELECT ${plugin.id}, ${plugin.version}, ${plugin.source}
     WHERE NOT EXISTS (SELECT 1 FROM checkstack.plugin_removals WHERE plugin_id = ${plugin.id})
    ON CONFLICT (id) DO UPDATE SET version = excluded.version, updated_at = now()
    RETURNING id, version, source, enabled`);
  const row = inserted.rows[0];
  if (row) return row;
  // Removed, unless a row exists after all (recorded before removals were tracked): then it stands.
  const [existing] = await db
    .update(plugins)
    .set({ version: plugin.version, updatedAt: sql`now()` })
    .where(eq(plugins.id, plugin.id))
    .returning({ id: plugins.id, version: plugins.version, source: plugins.source, enabled: plugins.enabled });
  return existing;
}


export async function listPluginRecords(db: PlatformDatabase): Promise<PluginRecord[]> {
  return db
    .select({ id: plugins.id, version: plugins.version, source: plugins.source, enabled: plugins.enabled })
    .from(plugins)
    .orderBy(plugins.id);
}

export async function setPluginEnabled(db: PlatformDatabase, id: string, enabled: boolean): Promise<void> {
  await db.update(plugins).set({ enabled, updatedAt: sql`now()` }).where(eq(plugins.id, id));
}
