import { join } from "node:path";
import type { Pool } from "pg";
import type { AccessRule } from "@checkstack/common";
import {
  coreHooks,
  isBackendPlugin,
  type BackendPlugin,
  type Logger,
  type PluginSchema,
  type ReadyContext,
  type SafeDatabase,
} from "@checkstack/backend-api";
import { protectPluginSchema } from "../access/plugin-protection";
import { syncAccessRules } from "../access/access-rule-sync";
import { findUnknownRules } from "../access/contract-rules";
import { migrate } from "../database/migrator";
import type { PlatformDatabase } from "../database/platform-database";
import { createPluginDatabase } from "../database/plugin-database";
import { pluginSchemaName } from "../database/schema-names";
import type { HookBus } from "../hooks/hook-bus";
import type { RouterRegistry } from "./router-registry";
import { orderByDependencies } from "./dependency-order";
import type { ExtensionRegistry } from "./extension-registry";
import type { DiscoveredPlugin } from "./plugin-discovery";
import { recordPlugin } from "./plugin-records";
import { collectRegistration, requiredServiceIds, type PluginRegistration } from "./plugin-registration";
import type { ServiceRegistry } from "./service-registry";

export type PluginState = "loading" | "ready" | "failed" | "disabled" | "stopped";

export interface PluginStatus {
  pluginId: string;
  packageName: string;
  version: string;
  source: string;
  state: PluginState;
  error?: string;
  loadedAt?: Date;
}

/** Builds the core services (rpc, logger, rpcClient, config) for one plugin. */
export type CoreServiceFactory = (pluginId: string) => unknown;

export interface PluginRuntimeDeps {
  pool: Pool;
  platformDb: PlatformDatabase;
  logger: Logger;
  routers: RouterRegistry;
  services: ServiceRegistry;
  extensions: ExtensionRegistry;
  hooks: HookBus;
  coreServices: ReadonlyMap<string, CoreServiceFactory>;
  /** Per-plugin teardown of core services that hold running work (e.g. job consumers), run after hooks unsubscribe. */
  onUnload?: ReadonlyArray<(pluginId: string) => Promise<void>>;
}

interface LoadedPlugin {
  registration: PluginRegistration;
  database: SafeDatabase<PluginSchema>;
}

export interface LoadReport {
  ready: string[];
  failed: Array<{ pluginId: string; error: string }>;
}

export class PluginContractError extends Error {
  override name = "PluginContractError";
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads plugins through register -> migrate -> init -> afterPluginsReady, and
 * unloads them. Boot and runtime installation both call load(): one path.
 *
 * A plugin that fails is reported by name with its error and unloaded; plugins
 * needing a service it provides fail with it; every other plugin carries on.
 */
export class PluginRuntime {
  private readonly loaded = new Map<string, LoadedPlugin>();
  private readonly statuses = new Map<string, PluginStatus>();
  private readonly accessRules = new Map<string, AccessRule[]>();

  constructor(private readonly deps: PluginRuntimeDeps) {}

  status(): PluginStatus[] {
    return [...this.statuses.values()];
  }

  isLoaded(pluginId: string): boolean {
    return this.loaded.has(pluginId);
  }

  registeredAccessRules(): ReadonlyMap<string, AccessRule[]> {
    return this.accessRules;
  }

  async load(candidates: ReadonlyArray<DiscoveredPlugin>): Promise<LoadReport> {
    const report: LoadReport = { ready: [], failed: [] };
    const fail = (pluginId: string, error: unknown, candidate?: DiscoveredPlugin) => {
      const text = message(error);
      this.deps.logger.error("plugin failed to load", { pluginId, error });
      report.failed.push({ pluginId, error: text });
      const previous = this.statuses.get(pluginId);
      this.statuses.set(pluginId, {
        pluginId,
        packageName: candidate?.packageName ?? previous?.packageName ?? pluginId,
        version: candidate?.version ?? previous?.version ?? "unknown",
        source: candidate?.source ?? previous?.source ?? "unknown",
        state: "failed",
        error: text,
      });
    };

    const registrations = new Map<string, { registration: PluginRegistration; candidate: DiscoveredPlugin }>();
    for (const candidate of candidates) {
      let plugin: BackendPlugin;
      try {
        plugin = await this.importPlugin(candidate);
      } catch (error) {
        fail(candidate.packageName, error, candidate);
        continue;
      }
      if (this.loaded.has(plugin.pluginId) || registrations.has(plugin.pluginId)) {
        fail(plugin.pluginId, new Error(`plugin id "${plugin.pluginId}" is already loaded`), candidate);
        continue;
      }
      try {
        const registration = collectRegistration(plugin, this.deps.extensions);
        const record = await recordPlugin(this.deps.platformDb, {
          id: plugin.pluginId,
          version: candidate.version,
          source: candidate.source,
        });
        if (!record) {
          // The cluster removed it while this instance was away; its files here are left over.
          this.deps.logger.warn("plugin not loaded: it was removed from the cluster; install it again to bring it back", {
            pluginId: plugin.pluginId,
            dir: candidate.dir,
          });
          continue;
        }
        if (!record.enabled) {
          this.setStatus(plugin.pluginId, candidate, "disabled");
          continue;
        }
        registrations.set(plugin.pluginId, { registration, candidate });
        this.setStatus(plugin.pluginId, candidate, "loading");
      } catch (error) {
        fail(plugin.pluginId, error, candidate);
      }
    }

    // A cycle or a missing service is a configuration error: it stops the load as a whole.
    const coreIds = new Set(this.deps.coreServices.keys());
    const order = orderByDependencies(
      [...registrations.values()].map(({ registration }) => ({
        pluginId: registration.plugin.pluginId,
        provides: registration.services.map((service) => service.ref.id),
        needs: requiredServiceIds(registration, coreIds),
      })),
      this.deps.services.ids(),
    );

    const initialised: string[] = [];
    for (const pluginId of order) {
      const entry = registrations.get(pluginId);
      if (!entry) continue;
      const missing = requiredServiceIds(entry.registration, coreIds).filter((id) => !this.deps.services.has(id));
      if (missing.length > 0) {
        fail(pluginId, new Error(`needs service ${missing.map((id) => `"${id}"`).join(", ")} from a plugin that failed`), entry.candidate);
        continue;
      }
      try {
        await this.initialise(entry.registration, entry.candidate);
        initialised.push(pluginId);
      } catch (error) {
        fail(pluginId, error, entry.candidate);
        await this.teardown(pluginId, entry.registration, "init failed");
      }
    }

    await this.assertContractsUseKnownRules(initialised);
    for (const pluginId of initialised) {
      await this.deps.hooks.emit(coreHooks.pluginInitialized, { pluginId });
    }

    for (const pluginId of initialised) {
      const loaded = this.loaded.get(pluginId);
      const entry = registrations.get(pluginId);
      if (!loaded || !entry) continue;
      try {
        await this.runAfterPluginsReady(loaded);
        this.setStatus(pluginId, entry.candidate, "ready");
        report.ready.push(pluginId);
      } catch (error) {
        fail(pluginId, error, entry.candidate);
        await this.unload(pluginId, "afterPluginsReady failed");
      }
    }
    return report;
  }

  /**
   * A contract naming an access rule that no plugin registered is a
   * configuration error: the plugins just loaded are unloaded and the load
   * fails (at boot: the platform does not start), naming each procedure.
   */
  private async assertContractsUseKnownRules(pluginIds: ReadonlyArray<string>): Promise<void> {
    const known = new Set([...this.accessRules.values()].flat().map((rule) => rule.id));
    const unknown = pluginIds.flatMap((pluginId) => {
      const router = this.deps.routers.get(pluginId);
      return router ? findUnknownRules(router, pluginId, known) : [];
    });
    if (unknown.length === 0) return;
    for (const pluginId of pluginIds) await this.unload(pluginId, "contract names unknown access rules");
    const list = unknown.map(({ procedure, rule }) => `${procedure} uses "${rule}"`).join("; ");
    throw new PluginContractError(`procedures use access rules no plugin registered: ${list}`);
  }

  private async importPlugin(candidate: DiscoveredPlugin): Promise<BackendPlugin> {
    if (candidate.plugin) return candidate.plugin;
    const module: { default?: unknown } = await import(candidate.entry);
    if (!isBackendPlugin(module.default)) {
      throw new Error(`${candidate.entry} has no default export made with createBackendPlugin`);
    }
    return module.default;
  }

  private setStatus(pluginId: string, candidate: DiscoveredPlugin, state: PluginState): void {
    this.statuses.set(pluginId, {
      pluginId,
      packageName: candidate.packageName,
      version: candidate.version,
      source: candidate.source,
      state,
      ...(state === "ready" ? { loadedAt: new Date() } : {}),
    });
  }

  private async initialise(registration: PluginRegistration, candidate: DiscoveredPlugin): Promise<void> {
    const pluginId = registration.plugin.pluginId;
    const schemaName = pluginSchemaName(pluginId);
    // Migrations, grants, row security, audit triggers and the rule sync: one transaction, one lock.
    const outcome = await migrate(this.deps.pool, {
      folder: join(candidate.dir, "drizzle"),
      bookkeepingTable: schemaName,
      schema: schemaName,
      actingPluginId: pluginId,
      afterApply: async (client) => {
        await protectPluginSchema(client, {
          pluginId,
          schemaName,
          resourceTables: registration.resourceTables,
          accessChangeTables: registration.accessChangeTables,
          unauditedTables: registration.unauditedTables,
        });
        await syncAccessRules(client, pluginId, registration.accessRules);
      },
    });
    if (outcome.applied > 0) this.deps.logger.info("plugin migrations applied", { pluginId, ...outcome });
    for (const { ref, impl } of registration.services) this.deps.services.register(pluginId, ref, impl);
    for (const { ref, impl } of registration.extensions) this.deps.extensions.add(ref.id, pluginId, impl);
    this.accessRules.set(pluginId, registration.accessRules);

    const database = createPluginDatabase(this.deps.pool, { pluginId, schemaName }, registration.init?.schema ?? {});
    const loaded: LoadedPlugin = { registration, database };
    this.loaded.set(pluginId, loaded);
    if (registration.accessRules.length > 0) {
      await this.deps.hooks.emit(coreHooks.accessRulesRegistered, { pluginId, accessRules: registration.accessRules });
    }
    await registration.init?.init({ ...this.resolveDependencies(registration), database });
  }

  private resolveDependencies(registration: PluginRegistration): Record<string, unknown> {
    const pluginId = registration.plugin.pluginId;
    const resolved: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(registration.init?.deps ?? {})) {
      const factory = this.deps.coreServices.get(ref.id);
      resolved[name] = factory ? factory(pluginId) : this.deps.services.get(ref.id);
    }
    return resolved;
  }

  private async runAfterPluginsReady(loaded: LoadedPlugin): Promise<void> {
    const { registration, database } = loaded;
    const afterPluginsReady = registration.init?.afterPluginsReady;
    if (!afterPluginsReady) return;
    const pluginId = registration.plugin.pluginId;
    const hooks = this.deps.hooks;
    const ready: ReadyContext<PluginSchema> = {
      database,
      onHook: (hook, handler, options) => hooks.subscribe(pluginId, hook, handler, options),
      emitHook: (hook, payload) => hooks.emit(hook, payload),
      emitLocal: (hook, payload) => hooks.emitLocal(hook, payload),
    };
    await afterPluginsReady({ ...this.resolveDependencies(registration), ...ready });
    await this.deps.hooks.settle();
  }

  /** Runs a plugin's cleanups (last registered first) and removes everything it mounted. */
  async unload(pluginId: string, reason: string): Promise<void> {
    const loaded = this.loaded.get(pluginId);
    if (!loaded) return;
    await this.teardown(pluginId, loaded.registration, reason);
    const status = this.statuses.get(pluginId);
    if (status && status.state !== "failed") this.statuses.set(pluginId, { ...status, state: "stopped" });
  }

  private async teardown(pluginId: string, registration: PluginRegistration, reason: string): Promise<void> {
    this.deps.routers.unmount(pluginId);
    await this.deps.hooks.unsubscribePlugin(pluginId);
    for (const onUnload of this.deps.onUnload ?? []) {
      await onUnload(pluginId).catch((error: unknown) => this.deps.logger.error("core service teardown failed", { pluginId, reason, error }));
    }
    for (const cleanup of [...registration.cleanups].reverse()) {
      try {
        await cleanup();
      } catch (error) {
        this.deps.logger.error("plugin cleanup failed", { pluginId, reason, error });
      }
    }
    this.deps.services.removePlugin(pluginId);
    this.deps.extensions.removePlugin(pluginId);
    this.accessRules.delete(pluginId);
    this.loaded.delete(pluginId);
  }

  /** The services each loaded plugin provides and needs from other plugins: what a removal would break. */
  dependencyGraph(): Array<{ pluginId: string; provides: string[]; needs: string[] }> {
    const coreIds = new Set(this.deps.coreServices.keys());
    return [...this.loaded.values()].map(({ registration }) => ({
      pluginId: registration.plugin.pluginId,
      provides: registration.services.map((service) => service.ref.id),
      needs: requiredServiceIds(registration, coreIds),
    }));
  }

  /** Drops the status of a plugin that is not loaded (removed, or an install rolled back), so it is no longer reported. */
  forget(pluginId: string): void {
    if (!this.loaded.has(pluginId)) this.statuses.delete(pluginId);
  }

  /** Unloads every plugin, dependents before the plugins they depend on. */
  async stopAll(reason: string): Promise<void> {
    for (const pluginId of [...this.loaded.keys()].reverse()) await this.unload(pluginId, reason);
  }
}
