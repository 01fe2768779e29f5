import { hostname } from "node:os";
import type { Pool } from "pg";
import {
  DEPENDENTS_OF,
  DEREGISTER_INSTANCE,
  OTHERS_HOLDING,
  PRUNE_INSTANCES,
  PUBLISH_INSTANCE_PLUGINS,
  REGISTER_INSTANCE,
  TOUCH_INSTANCE,
} from "./instance-statements";

/** How often an instance says it is alive, and how old its last word may be before it counts as gone. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
export const LIVE_WITHIN_SECONDS = 20;

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
    await this.pool.query(REGISTER_INSTANCE, [this.instanceId, hostname(), process.pid]);
  }

  /** Keeps this instance live (re-creating its row if it was pruned while the instance was stalled) and prunes long-gone ones. */
  async heartbeat(): Promise<void> {
    await this.touch();
    await this.pool.query(PRUNE_INSTANCES);
  }

  private async touch(): Promise<void> {
    await this.pool.query(TOUCH_INSTANCE, [this.instanceId, hostname(), process.pid]);
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
    await this.pool.query(PUBLISH_INSTANCE_PLUGINS, [this.instanceId, JSON.stringify(rows)]);
  }

  /** Live instances other than this one that still have the plugin loaded (or are loading it). */
  async othersHolding(pluginId: string): Promise<string[]> {
    const result = await this.pool.query<{ id: string }>(OTHERS_HOLDING, [pluginId, this.instanceId, LIVE_WITHIN_SECONDS]);
    return result.rows.map((row) => row.id);
  }

  /**
   * Enabled plugins that need a service `pluginId` provides, by what any
   * instance reported: a plugin installed through another instance counts
   * before this one has loaded it.
   */
  async dependentsOf(pluginId: string): Promise<Array<{ pluginId: string; services: string[] }>> {
    const result = await this.pool.query<{ plugin_id: string; services: string[] }>(DEPENDENTS_OF, [pluginId]);
    return result.rows.map((row) => ({ pluginId: row.plugin_id, services: row.services }));
  }

  /** At shutdown: the instance leaves the cluster's view at once instead of going stale. */
  async deregister(): Promise<void> {
    await this.pool.query(DEREGISTER_INSTANCE, [this.instanceId]);
  }
}
