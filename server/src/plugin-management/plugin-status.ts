import type { Pool, PoolClient } from "pg";
import { LIVE_WITHIN_SECONDS } from "./instance-registry";
import type { PluginInfo, PluginList } from "./contract";
import { LIST_RECORDS_WITH_PENDING, listInstancePlugins, listInstances } from "./plugin-statements";

type Queryable = Pick<Pool | PoolClient, "query">;

interface PluginQueryRow {
  id: string;
  version: string;
  source: string;
  enabled: boolean;
  pending_action: string | null;
  pending_by: string | null;
  pending_at: Date | null;
}

interface InstancePluginRow {
  plugin_id: string;
  instance_id: string;
  state: "ready" | "loading" | "failed";
  version: string | null;
  loaded_at: Date | null;
  error: string | null;
  live: boolean;
}

interface InstanceRow {
  id: string;
  hostname: string;
  pid: number;
  started_at: Date;
  heartbeat_at: Date;
  live: boolean;
}

/**
 * The cluster's plugins as Postgres knows them: the records, each instance's
 * view (loaded since when, or failed with what), and unfinished operations.
 * Plugins an instance failed to load that have no record (a package whose
 * import failed) are listed too, so nothing that failed is hidden.
 */
export async function listPlugins(db: Queryable): Promise<PluginList> {
  const live = `heartbeat_at > now() - make_interval(secs => ${LIVE_WITHIN_SECONDS})`;
  // One after another: `db` may be a single connection (the request's scope), where concurrent
  // queries would queue in pg's deprecated per-client queue (and print its warning into the log).
  const plugins = await db.query<PluginQueryRow>(LIST_RECORDS_WITH_PENDING);
  const loaded = await db.query<InstancePluginRow>(listInstancePlugins(live));
  const instances = await db.query<InstanceRow>(listInstances(live));
  const byPlugin = new Map<string, InstancePluginRow[]>();
  for (const row of loaded.rows) byPlugin.set(row.plugin_id, [...(byPlugin.get(row.plugin_id) ?? []), row]);
  const instancesOf = (pluginId: string): PluginInfo["instances"] =>
    (byPlugin.get(pluginId) ?? []).map((row) => ({
      instanceId: row.instance_id,
      state: row.state,
      version: row.version,
      loadedAt: row.loaded_at,
      error: row.error,
      live: row.live,
    }));
  const recorded = new Set(plugins.rows.map((row) => row.id));
  const unrecorded: PluginInfo[] = [...byPlugin.keys()]
    .filter((pluginId) => !recorded.has(pluginId))
    .map((pluginId) => ({ id: pluginId, version: "unknown", source: "unknown", enabled: false, bundled: false, pendingOperation: null, instances: instancesOf(pluginId) }));
  return {
    plugins: [
      ...plugins.rows.map((row) => ({
        id: row.id,
        version: row.version,
        source: row.source,
        enabled: row.enabled,
        bundled: row.source === "bundled",
        pendingOperation: row.pending_action && row.pending_by && row.pending_at ? { action: row.pending_action, requestedBy: row.pending_by, requestedAt: row.pending_at } : null,
        instances: instancesOf(row.id),
      })),
      ...unrecorded,
    ],
    instances: instances.rows.map((row) => ({
      id: row.id,
      hostname: row.hostname,
      pid: row.pid,
      startedAt: row.started_at,
      heartbeatAt: row.heartbeat_at,
      live: row.live,
    })),
  };
}
