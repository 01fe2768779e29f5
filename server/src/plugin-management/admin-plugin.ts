import { coreHooks, coreServices, createBackendPlugin, type BackendPlugin, type OnHook } from "@checkstack/backend-api";
import { outsideDbScope } from "../database/db-scope";
import { pluginAdminAccessRules } from "./contract";
import type { LocalPlugins } from "./local-plugins";
import type { ClusterSync } from "./cluster-sync";
import type { PluginOperations } from "./plugin-operations";
import { ADMIN_PLUGIN_ID } from "./plugin-store";
import { createPluginAdminRouter } from "./router";
import type { Pool } from "pg";

export interface AdminPluginDeps {
  pool: Pool;
  operations: PluginOperations;
  local: LocalPlugins;
  sync: ClusterSync;
}

/** The hook side of the two diagrams, as every instance subscribes to it. */
function subscribe(onHook: OnHook, deps: AdminPluginDeps): void {
  const { local, sync } = deps;
  // Broadcast: every instance loads the plugin once the requesting instance has decided.
  onHook(coreHooks.pluginInstallationRequested, ({ pluginId }) => local.onInstallRequested(pluginId));
  // Broadcast: every instance unloads it; a deregistration (not a disable) also removes its files here.
  onHook(coreHooks.pluginDeregistrationRequested, ({ pluginId }) => local.onDeregistrationRequested(pluginId));
  // Work queue: one instance of the cluster records completion, or does the database cleanup.
  const once = { mode: "work-queue", workerGroup: "cluster-sync", maxRetries: 3 } as const;
  onHook(coreHooks.pluginInstalled, ({ pluginId }) => outsideDbScope(() => sync.onInstalled(pluginId)), once);
  onHook(coreHooks.pluginDeregistered, ({ pluginId }) => outsideDbScope(() => sync.onDeregistered(pluginId)), once);
}

/**
 * The platform's own "plugins" plugin: the admin API for installing and
 * removing plugins at runtime. Defined in the server with closures over the
 * runtime's machinery, and loaded through runtime.load like any other plugin.
 */
export function createAdminPlugin(deps: AdminPluginDeps): BackendPlugin {
  return createBackendPlugin({
    metadata: { pluginId: ADMIN_PLUGIN_ID, displayName: "Plugins", description: "Install, remove, disable and enable plugins at runtime across the cluster" },
    register(env) {
      env.registerAccessRules(pluginAdminAccessRules);
      env.registerInit({
        deps: { rpc: coreServices.rpc },
        init: async ({ rpc }) => rpc.registerRouter(createPluginAdminRouter({ pool: deps.pool, operations: deps.operations })),
        afterPluginsReady: async ({ onHook }) => subscribe(onHook, deps),
      });
    },
  });
}
