import { hostname } from "node:os";
import type { Pool } from "pg";

/** How often an instance says it is alive, and how old its last word may be before it counts as gone. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
export const LIVE_WITHIN_SECONDS = 20;
/** Rows of instances silent for this long are deleted (with their plugin rows). */
const PRUNE_AFTER = "10 minutes";

export interface InstancePluginState {
  pluginId: string;
  state: "ready" | "loading" | "failed";
  version: string | undefined;
  loadedAt: Date | undefined;
  error: string | undefined;
  provides: string[];
  needs: string[];
}

/**
 * This instance's row in checkstack.instances and its loaded plugins in
 * checkstack.instance_plugins: how the admin API answers "which instances have
 * it loaded, since when", and how a removal knows when every instance let go.
 */
export class InstanceRegistry {
  constructor(
    private readonly pool: Pool,
    readonly instanceId: string,
  ) {}

  /** At boot: a restarted instance with the same id starts with a clean slate. */
  async register(): Promise<void> {
    await this.pool.query(
      `WITH me AS (
         INSERT INTO checkstack.instances (id, hostname, pid) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET hostname = EXCLUDED.hostname, pid = EXCLUDED.pid, started_at = now(), heartbeat_at = now()
         RETURNING id)
       DELETE FROM checkstack.instance_plugins WHERE instance_id IN (SELECT id FROM me)`,
      [this.instanceId, hostname(), process.pid],
    );
  }

  /** Keeps this instance live (re-creating its row if it was pruned while the instance was stalled) and prunes long-gone ones. */
  async heartbeat(): Promise<void> {
    await this.touch();
    await this.pool.query(`DELETE FROM checkstack.instances WHERE heartbeat_at < now() - interval '${PRUNE_AFTER}'`);
  }

  private async touch(): Promise<void> {
    await this.pool.query(
      `INSERT INTO checkstack.instances (id, hostname, pid) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`,
      [this.instanceId, hostname(), process.pid],
    );
  }

  /** Replaces this instance's plugin rows with `states`; unchanged rows are not rewritten. */
  async publish(states: ReadonlyArray<InstancePluginState>): Promise<void> {
    await this.touch();
    const rows = states.map((state) => ({
      plugin_id: state.pluginId,
      state: state.state,
      version: state.version ?? null,
      loaded_at: state.loadedAt?.toISOString() ?? null,
      error: state.error ?? null,
      provides: state.provides,
      needs: state.needs,
    }));
    await this.pool.query(
      `WITH incoming AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb)
           AS r(plugin_id text, state text, version text, loaded_at timestamptz, error text, provides text[], needs text[])),
       removed AS (
         DELETE FROM checkstack.instance_plugins WHERE instance_id = $1 AND plugin_id NOT IN (SELECT plugin_id FROM incoming))
       INSERT INTO checkstack.instance_plugins AS current (instance_id, plugin_id, state, version, loaded_at, error, provides, needs)
       SELECT $1, plugin_id, state, version, loaded_at, error, provides, needs FROM incoming
       ON CONFLICT (instance_id, plugin_id) DO UPDATE SET
         state = EXCLUDED.state, version = EXCLUDED.version, loaded_at = EXCLUDED.loaded_at, error = EXCLUDED.error,
         provides = EXCLUDED.provides, needs = EXCLUDED.needs, updated_at = now()
       WHERE (current.state, current.version, current.loaded_at, current.error, current.provides, current.needs)
             IS DISTINCT FROM (EXCLUDED.state, EXCLUDED.version, EXCLUDED.loaded_at, EXCLUDED.error, EXCLUDED.provides, EXCLUDED.needs)`,
      [this.instanceId, JSON.stringify(rows)],
    );
  }

  /** Live instances other than this one that still have the plugin loaded (or are loading it). */
  async othersHolding(pluginId: string): Promise<string[]> {
    const result = await this.pool.query<{ id: string }>(
      `SELECT i.id FROM checkstack.instance_plugins ip JOIN checkstack.instances i ON i.id = ip.instance_id
        WHERE ip.plugin_id = $1 AND ip.state IN ('ready', 'loading') AND i.id <> $2
          AND i.heartbeat_at > now() - make_interval(secs => $3)
        ORDER BY i.id`,
      [pluginId, this.instanceId, LIVE_WITHIN_SECONDS],
    );
    return result.rows.map((row) => row.id);
  }

  /**
   * Enabled plugins that need a service `pluginId` provides, by what any
   * instance reported: a plugin installed through another instance counts
   * before this one has loaded it.
   */
  async dependentsOf(pluginId: string): Promise<Array<{ pluginId: string; services: string[] }>> {
    const result = await this.pool.query<{ plugin_id: string; services: string[] }>(
      `WITH provided AS (SELECT DISTINCT unnest(provides) AS service FROM checkstack.instance_plugins WHERE plugin_id = $1)
       SELECT ip.plugin_id, array_agg(DISTINCT needed.service ORDER BY needed.service) AS services
         FROM checkstack.instance_plugins ip
         JOIN checkstack.plugins p ON p.id = ip.plugin_id AND p.enabled
         CROSS JOIN LATERAL unnest(ip.needs) AS needed(service)
        WHERE ip.plugin_id <> $1 AND needed.service IN (SELECT service FROM provided)
        GROUP BY ip.plugin_id ORDER BY ip.plugin_id`,
      [pluginId],
    );
    return result.rows.map((row) => ({ pluginId: row.plugin_id, services: row.services }));
  }

  /** At shutdown: the instance leaves the cluster's view at once instead of going stale. */
  async deregister(): Promise<void> {
    await this.pool.query("DELETE FROM checkstack.instances WHERE id = $1", [this.instanceId]);
  }
}
