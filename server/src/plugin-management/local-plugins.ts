import { existsSync } from "node:fs";
import type { Pool } from "pg";
import { coreHooks, type Logger } from "@checkstack/backend-api";
import { outsideDbScope } from "../database/db-scope";
import type { HookBus } from "../hooks/hook-bus";
import type { DiscoveredPlugin } from "../plugin-runtime/plugin-discovery";
import type { PluginRuntime } from "../plugin-runtime/plugin-runtime";
import type { InstanceRegistry, InstancePluginState } from "./instance-registry";
import { withPluginLock, PluginBusyError } from "./plugin-lock";
import type { PluginStore, PluginRow } from "./plugin-store";
import type { PluginsDirectory } from "./plugins-directory";
import { errorText, isInstallable, type PluginSources } from "./plugin-sources";

export interface LocalPluginsDeps {
  runtime: PluginRuntime;
  hooks: HookBus;
  store: PluginStore;
  files: PluginsDirectory;
  sources: PluginSources;
  registry: InstanceRegistry;
  pool: Pool;
  logger: Logger;
}

export type LoadOutcome = { status: "loaded" } | { status: "skipped" } | { status: "failed"; error: string };

/** How long an instance that heard of an install waits for the requesting instance to decide. */
const DECISION_WAIT_MS = 10 * 60_000;


/**
 * This instance's side of the plugin lifecycle: where each plugin's code is,
 * loading what the cluster enabled and unloading what it removed, and telling
 * the cluster (checkstack.instance_plugins) how that went. Every change to the
 * runtime goes through one queue, so loads and unloads never interleave; no
 * queued step waits for a plugin's cluster lock (it only tries it), so the
 * queue cannot deadlock against an admin request holding that lock.
 */
export class LocalPlugins {
  /** Where each plugin was loaded (or found) from: reloading after a disable needs no reinstall. */
  private readonly candidates = new Map<string, DiscoveredPlugin>();
  /** Plugins this instance could not install (the runtime never saw them). */
  private readonly installFailures = new Map<string, { version: string; error: string }>();
  /** Plugins this instance tried to load since it last heard of them: the reconciler does not retry them on its own. */
  private readonly attempted = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: LocalPluginsDeps) {}

  /** Runs `work` after every earlier change to this instance's plugins, outside any request's transaction. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new Error("this instance is stopping; its plugins are no longer changed"));
    const next = this.queue.then(() => outsideDbScope(work));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Waits for the queued work to finish; nothing queued afterwards runs. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.queue;
  }

  remember(pluginId: string, candidate: DiscoveredPlugin): void {
    if (!this.candidates.has(pluginId)) this.candidates.set(pluginId, candidate);
  }

  knownCandidate(pluginId: string): DiscoveredPlugin | undefined {
    return this.candidates.get(pluginId);
  }

  /** Loaded (or tried) at boot: the reconciler leaves it to the broadcasts from now on. */
  markAttempted(pluginId: string): void {
    this.attempted.add(pluginId);
  }

  noteInstallFailure(pluginId: string, version: string, error: string): void {
    this.installFailures.set(pluginId, { version, error });
    this.attempted.add(pluginId);
  }

  private async locate(record: PluginRow): Promise<DiscoveredPlugin> {
    const known = this.candidates.get(record.id);
    if (known && (known.plugin || existsSync(known.entry))) return known;
    const managed = this.deps.files.findPlugin(record.id);
    const candidate = managed ? this.deps.files.candidateFor(managed) : undefined;
    return candidate ?? this.deps.sources.installFromSource(record);
  }

  /**
   * Loads an enabled plugin through runtime.load (migrations under lock, init,
   * afterPluginsReady). Queue it with run(); the caller holds the plugin's
   * cluster lock, or the requesting instance has already decided.
   */
  async loadNow(pluginId: string, candidate?: DiscoveredPlugin): Promise<LoadOutcome> {
    const record = await this.deps.store.record(pluginId);
    if (!record?.enabled) return { status: "skipped" };
    if (this.deps.runtime.isLoaded(pluginId)) return { status: "loaded" };
    this.attempted.add(pluginId);
    let source: DiscoveredPlugin;
    try {
      source = candidate ?? (await this.locate(record));
    } catch (error) {
      const text = errorText(error);
      this.deps.logger.error("plugin could not be installed on this instance", { pluginId, source: record.source, error });
      this.installFailures.set(pluginId, { version: record.version, error: `install failed: ${text}` });
      await this.publish();
      return { status: "failed", error: text };
    }
    this.installFailures.delete(pluginId);
    await this.deps.hooks.emitLocal(coreHooks.pluginInstalling, { pluginId });
    let error: string | undefined;
    try {
      const report = await this.deps.runtime.load([source]);
      error = report.failed.find((failure) => failure.pluginId === pluginId || failure.pluginId === source.packageName)?.error;
      if (!error && !report.ready.includes(pluginId)) error = `${source.packageName} did not load as plugin "${pluginId}"`;
    } catch (thrown) {
      // A dependency or contract error stops the load as a whole; the runtime keeps no trace of it.
      error = errorText(thrown);
      this.deps.runtime.forget(pluginId);
      this.installFailures.set(pluginId, { version: record.version, error });
      this.deps.logger.error("plugin failed to load", { pluginId, error: thrown });
    }
    if (!error) this.candidates.set(pluginId, source);
    await this.publish();
    return error ? { status: "failed", error } : { status: "loaded" };
  }

  /**
   * Loads a plugin another instance is installing or enabling, once that
   * instance has decided: waits for its lock (outside the queue), then loads
   * in the queue if nobody took the lock again meanwhile.
   */
  async loadWhenDecided(pluginId: string): Promise<void> {
    while (!this.stopped) {
      await withPluginLock(this.deps.pool, pluginId, { mode: "shared", waitMs: DECISION_WAIT_MS }, async () => undefined);
      try {
        await this.run(() => withPluginLock(this.deps.pool, pluginId, { mode: "shared", waitMs: 1 }, () => this.loadNow(pluginId)));
        return;
      } catch (error) {
        if (!(error instanceof PluginBusyError)) throw error;
      }
    }
  }

  /** An install or enable was announced: load it, even if an earlier attempt here failed. */
  onInstallRequested(pluginId: string): void {
    if (this.stopped) return;
    this.attempted.delete(pluginId);
    void this.loadWhenDecided(pluginId).catch((error: unknown) => this.deps.logger.error("loading an announced plugin failed", { pluginId, error }));
  }

  /** A removal or disable was announced: unload here; a deregistration (not a disable) also removes its files here. */
  onDeregistrationRequested(pluginId: string): void {
    if (this.stopped) return;
    void this.run(async () => {
      const [operation, record] = await Promise.all([this.deps.store.runningOperation(pluginId), this.deps.store.record(pluginId)]);
      const removeFiles = !record || operation?.action === "deregister";
      await this.unloadNow(pluginId, removeFiles ? "deregistered" : "disabled", { removeFiles });
    }).catch((error: unknown) => this.deps.logger.error("unloading an announced plugin failed", { pluginId, error }));
  }

  /** Unloads a plugin here: pluginDeregistering for its local listeners, then its cleanups, routers, hooks and workers. */
  async unloadNow(pluginId: string, reason: string, options: { removeFiles: boolean }): Promise<void> {
    const runtime = this.deps.runtime;
    if (runtime.isLoaded(pluginId)) {
      await this.deps.hooks.emitLocal(coreHooks.pluginDeregistering, { pluginId, reason });
      await runtime.unload(pluginId, reason);
      this.deps.logger.info("plugin unloaded", { pluginId, reason });
    }
    runtime.forget(pluginId);
    this.installFailures.delete(pluginId);
    this.attempted.delete(pluginId);
    if (options.removeFiles) await this.removeFiles(pluginId);
    await this.publish();
  }

  /** Removes what this platform installed for the plugin; an operator's own folders are left, with a warning. */
  async removeFiles(pluginId: string): Promise<void> {
    const managed = this.deps.files.list().filter((pkg) => pkg.pluginId === pluginId);
    for (const pkg of managed) {
      await this.deps.files.remove(pkg.alias).catch((error: unknown) => this.deps.logger.error("removing plugin files failed", { pluginId, alias: pkg.alias, error }));
    }
    const known = this.candidates.get(pluginId);
    this.candidates.delete(pluginId);
    if (known && !known.plugin && known.source !== "bundled" && !managed.some((pkg) => this.deps.files.packageDir(pkg) === known.dir)) {
      this.deps.logger.warn("plugin removed, but its folder was not installed through the admin API and is left in place; delete it, or it is registered again at the next start", {
        pluginId,
        dir: known.dir,
      });
    }
  }

  /** What this instance holds, for checkstack.instance_plugins. */
  states(): InstancePluginState[] {
    const states = new Map<string, InstancePluginState>();
    const graph = new Map(this.deps.runtime.dependencyGraph().map((node) => [node.pluginId, node]));
    for (const status of this.deps.runtime.status()) {
      if (status.state !== "ready" && status.state !== "loading" && status.state !== "failed") continue;
      const node = graph.get(status.pluginId);
      states.set(status.pluginId, {
        pluginId: status.pluginId,
        state: status.state,
        version: status.version,
        loadedAt: status.loadedAt,
        error: status.error,
        provides: node?.provides ?? [],
        needs: node?.needs ?? [],
      });
    }
    for (const [pluginId, failure] of this.installFailures) {
      if (states.get(pluginId)?.state === "ready") continue;
      states.set(pluginId, { pluginId, state: "failed", version: failure.version, loadedAt: undefined, error: failure.error, provides: [], needs: [] });
    }
    return [...states.values()];
  }

  async publish(): Promise<void> {
    await this.deps.registry.publish(this.states()).catch((error: unknown) => this.deps.logger.warn("publishing this instance's plugins failed", { error }));
  }

  /**
   * The safety net under the broadcasts (an instance booting during an
   * install misses its event): load what is enabled but was never tried
   * here, unload what was disabled or removed.
   */
  async reconcile(protectedIds: ReadonlySet<string>): Promise<void> {
    if (this.stopped) return;
    const records = new Map((await this.deps.store.records()).map((record) => [record.id, record]));
    for (const record of records.values()) {
      if (!record.enabled || record.source === "bundled" || this.deps.runtime.isLoaded(record.id) || this.attempted.has(record.id)) continue;
      // Only what this instance could find or install: a record of something loaded by other means (a test harness, say) is not ours to load.
      if (!this.candidates.has(record.id) && !this.deps.files.findPlugin(record.id) && !isInstallable(record.source)) continue;
      this.attempted.add(record.id);
      void this.loadWhenDecided(record.id).catch((error: unknown) => this.deps.logger.error("loading a plugin failed", { pluginId: record.id, error }));
    }
    for (const { pluginId } of this.deps.runtime.dependencyGraph()) {
      const record = records.get(pluginId);
      if (protectedIds.has(pluginId) || record?.enabled) continue;
      await this.run(() => this.unloadNow(pluginId, record ? "disabled" : "removed", { removeFiles: !record }));
    }
  }
}
