import type { Pool } from "pg";
import type { Logger } from "@checkstack/backend-api";
import { purgePlugin } from "./plugin-cleanup";
import { errorText } from "./plugin-sources";
import type { PluginStore } from "./plugin-store";

/**
 * The work-queue halves of the two diagrams: handled by exactly one instance
 * of the cluster per event.
 */
export class ClusterSync {
  constructor(
    private readonly deps: { pool: Pool; store: PluginStore; logger: Logger },
  ) {}

  /** pluginInstalled: the install or enable is complete. */
  async onInstalled(pluginId: string): Promise<void> {
    await this.deps.store.finishOperations(pluginId, ["install", "enable"], { status: "done" });
  }

  /** pluginDeregistered: the database cleanup, unless the plugin was installed or enabled again meanwhile. */
  async onDeregistered(pluginId: string): Promise<void> {
    const { store } = this.deps;
    const record = await store.record(pluginId);
    if (record?.enabled) return;
    const operation = await store.runningOperation(pluginId);
    const deleteSchema = operation?.action === "deregister" && operation.deleteSchema;
    try {
      await purgePlugin(this.deps.pool, pluginId, { deleteSchema, dropRecord: true, recordRemoval: true });
    } catch (error) {
      await store.finishOperations(pluginId, ["deregister"], { status: "failed", error: errorText(error) });
      throw error;
    }
    await store.finishOperations(pluginId, ["deregister"], { status: "done" });
    this.deps.logger.info("plugin removed from the cluster", { pluginId, schemaDropped: deleteSchema });
  }
}
