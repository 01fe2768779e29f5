import { fileURLToPath } from "node:url";
import { dirname } from "node:path";
import type { Pool } from "pg";
import type { BackendPlugin, Logger } from "@checkstack/backend-api";
import type { HookBus } from "../hooks/hook-bus";
import type { DiscoveredPlugin } from "../plugin-runtime/plugin-discovery";
import type { LoadReport, PluginRuntime } from "../plugin-runtime/plugin-runtime";
import serverPackage from "../../package.json";
import { createAdminPlugin } from "./admin-plugin";
import { bootCandidates, loadAtBoot, type BootDeps } from "./boot-plugins";
import { ClusterSync } from "./cluster-sync";
import { HEARTBEAT_INTERVAL_MS, InstanceRegistry } from "./instance-registry";
import { LocalPlugins } from "./local-plugins";
import { PluginOperations } from "./plugin-operations";
import { PluginSources } from "./plugin-sources";
import { PluginStore } from "./plugin-store";
import { PluginsDirectory } from "./plugins-directory";

export interface PluginAdministrationDeps {
  pool: Pool;
  runtime: PluginRuntime;
  hooks: HookBus;
  logger: Logger;
  pluginsDir: string;
  instanceId: string;
  /**
   * The platform's other own plugins (metrics, config), loaded with the admin plugin and never removable;
   * one given with its `dir` has its drizzle migrations in `<dir>/drizzle`.
   */
  builtIns?: ReadonlyArray<BackendPlugin | { plugin: BackendPlugin; dir: string }>;
}

/** What bootPlatform needs of plugin administration: the boot load, and a stop. */
export interface PluginAdministration {
  /** Registers this instance, self-heals its plugins directory, and loads the built-ins with `discovered`. */
  loadAtBoot(discovered: ReadonlyArray<DiscoveredPlugin>): Promise<LoadReport>;
  /** Leaves the cluster's view: no more heartbeats or reconciling; queued plugin work finishes first. */
  stop(): Promise<void>;
}

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * Runtime installation and removal of plugins across the cluster: the
 * built-in "plugins" plugin (the admin API), this instance's heartbeat and
 * plugin state in Postgres, and the self-healing boot.
 */
export function createPluginAdministration(deps: PluginAdministrationDeps): PluginAdministration {
  const { pool, runtime, hooks } = deps;
  const logger = deps.logger.child({ component: "plugin-management" });
  const store = new PluginStore(pool);
  const files = new PluginsDirectory(deps.pluginsDir, pool, logger);
  const registry = new InstanceRegistry(pool, deps.instanceId);
  const sources = new PluginSources(files, logger);
  const local = new LocalPlugins({ runtime, hooks, store, files, sources, registry, pool, logger });
  const operations = new PluginOperations({ pool, runtime, hooks, store, files, registry, local, sources, logger });
  const builtIn = ({ plugin, dir }: { plugin: BackendPlugin; dir: string }): DiscoveredPlugin => ({
    packageName: serverPackage.name,
    version: serverPackage.version,
    dir,
    entry: fileURLToPath(import.meta.url),
    source: "bundled",
    plugin,
  });
  const builtIns = [createAdminPlugin({ pool, operations, local, sync: new ClusterSync({ pool, store, logger }) }), ...(deps.builtIns ?? [])].map((entry) =>
    "plugin" in entry ? entry : { plugin: entry, dir: HERE },
  );
  const boot: BootDeps = { runtime, store, files, local, sources, logger };
  const protectedIds = new Set(builtIns.map(({ plugin }) => plugin.metadata.pluginId));
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  const tick = async () => {
    await registry.heartbeat();
    await local.publish();
    await local.reconcile(protectedIds);
  };

  return {
    async loadAtBoot(discovered) {
      await registry.register();
      await files.prepare();
      const report = await loadAtBoot(boot, await bootCandidates(boot, builtIns.map(builtIn), discovered));
      await local.publish();
      if (!stopped) {
        timer = setInterval(() => {
          tick().catch((error: unknown) => logger.warn("plugin heartbeat failed", { error }));
        }, HEARTBEAT_INTERVAL_MS);
        timer.unref();
      }
      return report;
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await local.stop();
      await registry.deregister().catch((error: unknown) => logger.warn("removing this instance's row failed", { error }));
    },
  };
}
