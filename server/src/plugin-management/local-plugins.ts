import type { Pool } from "pg";
import { coreHooks, type Logger } from "@checkstack/backend-api";
import type { HookBus } from "../hooks/hook-bus";
import type { DiscoveredPlugin } from "../plugin-runtime/plugin-discovery";
import type { PluginRuntime } from "../plugin-runtime/plugin-runtime";
import type { InstanceRegistry, InstancePluginState } from "./instance-registry";
import { instanceStates, publishInstanceStates } from "./instance-states";
import { LoadAttempts } from "./load-attempts";
import { withPluginLock, PluginBusyError } from "./plugin-lock";
import { PluginLocator } from "./plugin-locator";
import { reconcilePlugins } from "./plugin-reconciler";
import type { PluginStore } from "./plugin-store";
import type { PluginsDirectory } from "./plugins-directory";
import { errorText, type PluginSources } from "./plugin-sources";
import { SerialQueue } from "./serial-queue";

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
 * This instance's side of the plugin lifecycle: loading what the cluster
 * enabled and unloading what it removed. Its parts: one queue every change to
 * the runtime goes through, so loads and unloads never interleave
 * (serial-queue.ts); where each plugin's code is (plugin-locator.ts); what
 * was tried and what could not be installed (load-attempts.ts); telling the
 * cluster how that went (instance-states.ts); and the safety net under the
 * broadcasts (plugin-reconciler.ts). No queued step waits for a plugin's
 * cluster lock (it only tries it), so the queue cannot deadlock against an
 * admin request holding that lock.
 */
export class LocalPlugins {
  private readonly queue = new SerialQueue();
  private readonly locator: PluginLocator;
  private readonly attempts = new LoadAttempts();

  constructor(private readonly deps: LocalPluginsDeps) {
    this.locator = new PluginLocator(deps.files, deps.sources, deps.logger);
  }

  /** Runs `work` after every earlier change to this instance's plugins, outside any request's transaction. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run(work);
  }

  /** Waits for the queued work to finish; nothing queued afterwards runs. */
  stop(): Promise<void> {
    return this.queue.stop();
  }

  remember(pluginId: string, candidate: DiscoveredPlugin): void {
    this.locator.remember(pluginId, candidate);
  }

  knownCandidate(pluginId: string): DiscoveredPlugin | undefined {
    return this.locator.known(pluginId);
  }

  /** Loaded (or tried) at boot: the reconciler leaves it to the broadcasts from now on. */
  markAttempted(pluginId: string): void {
    this.attempts.markAttempted(pluginId);
  }

  noteInstallFailure(pluginId: string, version: string, error: string): void {
    this.attempts.failed(pluginId, version, error);
    this.attempts.markAttempted(pluginId);
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
    this.attempts.markAttempted(pluginId);
    let source: DiscoveredPlugin;
    try {
      source = candidate ?? (await this.locator.locate(record));
    } catch (error) {
      const text = errorText(error);
      this.deps.logger.error("plugin could not be installed on this instance", { pluginId, source: record.source, error });
      this.attempts.failed(pluginId, record.version, `install failed: ${text}`);
      await this.publish();
      return { status: "failed", error: text };
    }
    this.attempts.clearFailure(pluginId);
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
      this.attempts.failed(pluginId, record.version, error);
      this.deps.logger.error("plugin failed to load", { pluginId, error: thrown });
    }
    if (!error) this.locator.loadedFrom(pluginId, source);
    await this.publish();
    return error ? { status: "failed", error } : { status: "loaded" };
  }

  /**
   * Loads a plugin another instance is installing or enabling, once that
   * instance has decided: waits for its lock (outside the queue), then loads
   * in the queue if nobody took the lock again meanwhile.
   */
  async loadWhenDecided(pluginId: string): Promise<void> {
    while (!this.queue.stopped) {
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
    if (this.queue.stopped) return;
    this.attempts.allowRetry(pluginId);
    void this.loadWhenDecided(pluginId).catch((error: unknown) => this.deps.logger.error("loading an announced plugin failed", { pluginId, error }));
  }

  /** A removal or disable was announced: unload here; a deregistration (not a disable) also removes its files here. */
  onDeregistrationRequested(pluginId: string): void {
    if (this.queue.stopped) return;
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
    this.attempts.forget(pluginId);
    if (options.removeFiles) await this.locator.removeFiles(pluginId);
    await this.publish();
  }

  /** What this instance holds, for checkstack.instance_plugins. */
  states(): InstancePluginState[] {
    return instanceStates(this.deps.runtime, this.attempts);
  }

  async publish(): Promise<void> {
    await publishInstanceStates(this.deps.registry, this.states(), this.deps.logger);
  }

  /** Loads what is enabled but was never tried here, unloads what was disabled or removed (plugin-reconciler.ts). */
  reconcile(protectedIds: ReadonlySet<string>): Promise<void> {
    return reconcilePlugins(
      {
        runtime: this.deps.runtime,
        store: this.deps.store,
        locator: this.locator,
        attempts: this.attempts,
        logger: this.deps.logger,
        stopped: () => this.queue.stopped,
        run: (work) => this.run(work),
        loadWhenDecided: (pluginId) => this.loadWhenDecided(pluginId),
        unloadNow: (pluginId, reason, options) => this.unloadNow(pluginId, reason, options),
      },
      protectedIds,
    );
  }
}
