import type { Pool, PoolClient } from "pg";
import { servicePrincipal, type Principal } from "@checkstack/backend-api";
import { currentDbScope, outsideDbScope, runInDbScope } from "../database/db-scope";
import {
  FORGET_PLUGIN_REMOVAL,
  GET_PLUGIN_RECORD,
  INSERT_INSTALLED_PLUGIN,
  LIST_PLUGIN_RECORDS,
  LIST_PLUGIN_REMOVALS,
  SET_PLUGIN_ENABLED,
} from "../plugin-runtime/plugin-records";
import { FINISH_OPERATIONS, FORGET_INSTALL, INSERT_OPERATION, RUNNING_OPERATION } from "./plugin-statements";

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
    const result = await this.pool.query<PluginRow>(LIST_PLUGIN_RECORDS);
    return result.rows;
  }

  /** Ids the cluster removed and nobody installed again since. */
  async removals(): Promise<Set<string>> {
    const result = await this.pool.query<{ plugin_id: string }>(LIST_PLUGIN_REMOVALS);
    return new Set(result.rows.map((row) => row.plugin_id));
  }

  async record(pluginId: string): Promise<PluginRow | undefined> {
    const result = await this.pool.query<PluginRow>(GET_PLUGIN_RECORD, [pluginId]);
    return result.rows[0];
  }

  /** The row every instance will load the plugin from, and the operation the once-per-cluster handler completes. */
  async recordInstall(actor: Actor, plugin: { id: string; version: string; source: string }): Promise<void> {
    await this.asActor(actor, async (client) => {
      await client.query(INSERT_INSTALLED_PLUGIN, [plugin.id, plugin.version, plugin.source]);
      // Installed again: instances may record and load it from their own files from now on.
      await client.query(FORGET_PLUGIN_REMOVAL, [plugin.id]);
      await this.insertOperation(client, actor, plugin.id, "install", false);
    });
  }

  async setEnabled(actor: Actor, pluginId: string, enabled: boolean, operation?: { action: PluginAction; deleteSchema?: boolean }): Promise<void> {
    await this.asActor(actor, async (client) => {
      await client.query(SET_PLUGIN_ENABLED, [pluginId, enabled]);
      if (operation) await this.insertOperation(client, actor, pluginId, operation.action, operation.deleteSchema ?? false);
    });
  }

  /** The newest unfinished operation on a plugin. */
  async runningOperation(pluginId: string): Promise<PluginOperationRow | undefined> {
    const result = await this.pool.query<{ action: PluginAction; delete_schema: boolean }>(RUNNING_OPERATION, [pluginId]);
    const row = result.rows[0];
    return row ? { action: row.action, deleteSchema: row.delete_schema } : undefined;
  }

  async finishOperations(pluginId: string, actions: ReadonlyArray<PluginAction>, outcome: { status: "done" | "failed"; error?: string }): Promise<void> {
    await this.asActor(systemActor, async (client) => {
      await client.query(FINISH_OPERATIONS, [pluginId, actions, outcome.status, outcome.error ?? null]);
    });
  }

  /** A rolled-back install leaves no operation behind either: the failure is answered and logged. */
  async forgetInstall(pluginId: string): Promise<void> {
    await this.asActor(systemActor, async (client) => {
      await client.query(FORGET_INSTALL, [pluginId]);
    });
  }

  private async insertOperation(client: PoolClient, actor: Actor, pluginId: string, action: PluginAction, deleteSchema: boolean): Promise<void> {
    await client.query(INSERT_OPERATION, [pluginId, action, deleteSchema, actor.requestId ?? null]);
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
