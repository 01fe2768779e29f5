import type { Pool, PoolClient } from "pg";
import { servicePrincipal, type Principal } from "@checkstack/backend-api";
import { currentDbScope, outsideDbScope, runInDbScope } from "../database/db-scope";

export const ADMIN_PLUGIN_ID = "plugins";

export interface PluginRow {
  id: string;
  version: string;
  source: string;
  enabled: boolean;
}

export type PluginAction = "install" | "deregister" | "disable" | "enable";

export interface PluginOperationRow {
  action: PluginAction;
  deleteSchema: boolean;
}

/** Who asked for a change: their writes are audited under their name and request id. */
export interface Actor {
  principal: Principal;
  requestId: string | undefined;
}

/** The platform acting on its own (rollbacks, once-per-cluster handlers): audited as "system:plugins". */
export const systemActor: Actor = { principal: servicePrincipal(ADMIN_PLUGIN_ID), requestId: undefined };

/**
 * checkstack.plugins and checkstack.plugin_operations as the admin flows use
 * them. Reads go to the pool; writes run in a scope of the actor's, so the
 * audit trail names who installed or removed what.
 */
export class PluginStore {
  constructor(private readonly pool: Pool) {}

  async records(): Promise<PluginRow[]> {
    const result = await this.pool.query<PluginRow>("SELECT id, version, source, enabled FROM checkstack.plugins ORDER BY id");
    return result.rows;
  }

  /** Ids the cluster removed and nobody installed again since. */
  async removals(): Promise<Set<string>> {
    const result = await this.pool.query<{ plugin_id: string }>("SELECT plugin_id FROM checkstack.plugin_removals");
    return new Set(result.rows.map((row) => row.plugin_id));
  }

  async record(pluginId: string): Promise<PluginRow | undefined> {
    const result = await this.pool.query<PluginRow>("SELECT id, version, source, enabled FROM checkstack.plugins WHERE id = $1", [pluginId]);
    return result.rows[0];
  }

  /** The row every instance will load the plugin from, and the operation the once-per-cluster handler completes. */
  async recordInstall(actor: Actor, plugin: { id: string; version: string; source: string }): Promise<void> {
    await this.asActor(actor, async (client) => {
      await client.query("INSERT INTO checkstack.plugins (id, version, source, enabled) VALUES ($1, $2, $3, true)", [plugin.id, plugin.version, plugin.source]);
      // Installed again: instances may record and load it from their own files from now on.
      await client.query("DELETE FROM checkstack.plugin_removals WHERE plugin_id = $1", [plugin.id]);
      await this.insertOperation(client, actor, plugin.id, "install", false);
    });
  }

  async setEnabled(actor: Actor, pluginId: string, enabled: boolean, operation?: { action: PluginAction; deleteSchema?: boolean }): Promise<void> {
    await this.asActor(actor, async (client) => {
      await client.query("UPDATE checkstack.plugins SET enabled = $2, updated_at = now() WHERE id = $1", [pluginId, enabled]);
      if (operation) await this.insertOperation(client, actor, pluginId, operation.action, operation.deleteSchema ?? false);
    });
  }

  /** The newest unfinished operation on a plugin. */
  async runningOperation(pluginId: string): Promise<PluginOperationRow | undefined> {
    const result = await this.pool.query<{ action: PluginAction; delete_schema: boolean }>(
      `SELECT action, delete_schema FROM checkstack.plugin_operations
        WHERE plugin_id = $1 AND status = 'running' ORDER BY id DESC LIMIT 1`,
      [pluginId],
    );
    const row = result.rows[0];
    return row ? { action: row.action, deleteSchema: row.delete_schema } : undefined;
  }

  async finishOperations(pluginId: string, actions: ReadonlyArray<PluginAction>, outcome: { status: "done" | "failed"; error?: string }): Promise<void> {
    await this.asActor(systemActor, async (client) => {
      await client.query(
        `UPDATE checkstack.plugin_operations SET status = $3, error = $4, finished_at = now()
          WHERE plugin_id = $1 AND action = ANY($2::text[]) AND status = 'running'`,
        [pluginId, actions, outcome.status, outcome.error ?? null],
      );
    });
  }

  /** A rolled-back install leaves no operation behind either: the failure is answered and logged. */
  async forgetInstall(pluginId: string): Promise<void> {
    await this.asActor(systemActor, async (client) => {
      await client.query("DELETE FROM checkstack.plugin_operations WHERE plugin_id = $1 AND action = 'install' AND status = 'running'", [pluginId]);
    });
  }

  private async insertOperation(client: PoolClient, actor: Actor, pluginId: string, action: PluginAction, deleteSchema: boolean): Promise<void> {
    await client.query(
      `INSERT INTO checkstack.plugin_operations (plugin_id, action, delete_schema, requested_by, request_id)
       VALUES ($1, $2, $3, current_setting('checkstack.principal_label', true), $4)`,
      [pluginId, action, deleteSchema, actor.requestId ?? null],
    );
  }

  /** One transaction as the actor: its own (never a caller's), committed before the change is announced to the cluster. */
  private asActor<T>(actor: Actor, work: (client: PoolClient) => Promise<T>): Promise<T> {
    return outsideDbScope(() => runInDbScope(this.pool, { principal: actor.principal, ...(actor.requestId ? { requestId: actor.requestId } : {}) }, async () => {
      const scope = currentDbScope();
      if (!scope) throw new Error("a database scope must be active");
      return work(await scope.client());
    }));
  }
}
