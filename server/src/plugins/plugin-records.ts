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
 * source; returns the stored record.
 */
export async function recordPlugin(db: PlatformDatabase, plugin: { id: string; version: string; source: string }): Promise<PluginRecord> {
  const [row] = await db
    .insert(plugins)
    .values(plugin)
    .onConflictDoUpdate({ target: plugins.id, set: { version: plugin.version, updatedAt: sql`now()` } })
    .returning({ id: plugins.id, version: plugins.version, source: plugins.source, enabled: plugins.enabled });
  if (!row) throw new Error(`plugin "${plugin.id}" could not be recorded`);
  return row;
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
