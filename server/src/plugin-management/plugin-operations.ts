import type { Pool } from "pg";
import { ZodError } from "zod";
import { ConflictError, InputError, NotFoundError, coreHooks, type Logger } from "@checkstack/backend-api";
import type { HookBus } from "../hooks/hook-bus";
import type { PluginRuntime } from "../plugin-runtime/plugin-runtime";
import type { InstanceRegistry } from "./instance-registry";
import { InstallSpecError, parseInstallSpec, type InstallSpec } from "./install-spec";
import type { LocalPlugins } from "./local-plugins";
import type { PluginSources } from "./plugin-sources";
import { NpmError } from "./npm-runner";
import { dropSubscriptions, hasPluginData, purgePlugin } from "./plugin-cleanup";
import { assertRemovable } from "./removal-guards";
import { INSTALLS, PluginBusyError, withPluginLock } from "./plugin-lock";
import { systemActor, type Actor, type PluginStore } from "./plugin-store";
import type { ManagedPackage, PluginsDirectory, StagedPackage } from "./plugins-directory";

export interface PluginOperationsDeps {
  pool: Pool;
  runtime: PluginRuntime;
  hooks: HookBus;
  store: PluginStore;
  files: PluginsDirectory;
  registry: InstanceRegistry;
  local: LocalPlugins;
  sources: PluginSources;
  logger: Logger;
}

export interface InstallResult {
  pluginId: string;
  version: string;
  source: string;
}

export interface RemovalResult {
  pluginId: string;
  /** Live instances that had not unloaded it when the wait ended. */
  stillLoadedOn: string[];
}

/** How long an admin request waits for another operation on the same plugin, and for the cluster to follow. */
const LOCK_WAIT_MS = 60_000;
/** npm may be slow to fetch: an install waits longer for the one before it. */
const INSTALL_WAIT_MS = 5 * 60_000;
const CLUSTER_WAIT_MS = 30_000;

async function waitUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await Bun.sleep(200);
    value = await probe();
  }
  return value;
}

/** The recorded source: exact name@version for registry packages (every instance installs the same code), else the path. */
function recordedSource(spec: InstallSpec, staged: StagedPackage): string {
  return spec.kind === "npm" ? `${staged.name}@${staged.version}` : spec.path;
}

/**
 * The admin API's side of the two sequence diagrams, run by the instance that
 * received the request, under the plugin's cluster-wide lock:
 * - install: npm install into the shared plugins directory, record enabled,
 *   broadcast pluginInstallationRequested, load here (every instance loads on
 *   the broadcast once this one has decided), pluginInstalled to the work queue;
 * - deregister: record disabled, broadcast pluginDeregistrationRequested,
 *   unload here, wait for the others, pluginDeregistered to the work queue
 *   (one instance drops rules, subscriptions and, if asked, the schema).
 * A failed install is rolled back completely: no row, no files, no schema.
 */
export class PluginOperations {
  constructor(private readonly deps: PluginOperationsDeps) {}

  /**
   * Installs take turns cluster-wide: which plugin a package is becomes known
   * only after npm installed it, and an install that lost a race must not
   * remove files the winner's record points to.
   */
  async install(specText: string, actor: Actor): Promise<InstallResult> {
    const spec = this.parseSpec(specText);
    return this.locked(INSTALLS, () => this.installLocked(spec, actor), INSTALL_WAIT_MS);
  }

  private async installLocked(spec: InstallSpec, actor: Actor): Promise<InstallResult> {
    const { files, local } = this.deps;
    const staged = await this.npm(`could not get "${spec.arg}"`, () => files.stage(spec));
    let added: { pkg: ManagedPackage; alreadyPresent: boolean };
    try {
      added = await this.npm(`could not install "${staged.name}@${staged.version}"`, () => files.add(staged, recordedSource(spec, staged)));
    } finally {
      await staged.discard();
    }
    const { pkg, alreadyPresent } = added;
    const undoFiles = () => (alreadyPresent ? Promise.resolve() : files.remove(pkg.alias));
    const label = `${pkg.packageName}@${pkg.version}`;

    const candidate = files.candidateFor(pkg);
    const identity = candidate ? await this.deps.sources.identify(candidate) : undefined;
    if (!candidate || !identity || !("pluginId" in identity)) {
      await undoFiles();
      throw new InputError(
        candidate && identity && "error" in identity
          ? `${label} is not a loadable Checkstack backend plugin: ${identity.error}`
          : `${label} is not a Checkstack backend plugin: its package.json needs "checkstack": { "kind": "backend" }`,
      );
    }
    const pluginId = identity.pluginId;
    if (!alreadyPresent) await files.setPluginId(pkg.alias, pluginId);

    try {
      return await this.locked(pluginId, async () => {
        const existing = await this.deps.store.record(pluginId);
        if (existing || this.deps.runtime.isLoaded(pluginId)) {
          throw new ConflictError(
            existing
              ? `plugin "${pluginId}" is already installed (version ${existing.version} from ${existing.source}); remove it first`
              : `plugin id "${pluginId}" is already taken by a loaded plugin`,
          );
        }
        const keptData = await hasPluginData(this.deps.pool, pluginId);
        const wasRemoved = (await this.deps.store.removals()).has(pluginId);
        await this.deps.store.recordInstall(actor, { id: pluginId, version: pkg.version, source: pkg.source });
        await this.deps.hooks.emit(coreHooks.pluginInstallationRequested, { pluginId, pluginPath: files.packageDir(pkg) });
        const outcome = await local.run(() => local.loadNow(pluginId, candidate));
        if (outcome.status !== "loaded") {
          const reason = outcome.status === "failed" ? outcome.error : "its record disappeared while it was loading";
          await this.rollBackInstall(pluginId, { keepData: keptData, wasRemoved });
          throw new InputError(`plugin "${pluginId}" (${label}) failed to load, so it was not installed: ${reason}`);
        }
        this.deps.logger.info("plugin installed", { pluginId, version: pkg.version, source: pkg.source });
        await this.deps.hooks.emit(coreHooks.pluginInstalled, { pluginId });
        return { pluginId, version: pkg.version, source: pkg.source };
      });
    } catch (error) {
      // Whatever stopped the install (a conflict, a load failure), the files it added go.
      await undoFiles().catch((cleanupError: unknown) => this.deps.logger.error("removing the files of a failed install failed", { pluginId, error: cleanupError }));
      throw error;
    }
  }

  /**
   * Everything the failed load may have left: runtime status, rules, schema,
   * migration bookkeeping, the row. Data an earlier removal kept stays.
   */
  private async rollBackInstall(pluginId: string, options: { keepData: boolean; wasRemoved: boolean }): Promise<void> {
    const { local, runtime } = this.deps;
    await local.run(async () => {
      runtime.forget(pluginId);
      await local.unloadNow(pluginId, "install rolled back", { removeFiles: false });
    });
    // A failed reinstall of a removed plugin leaves it removed, as it was.
    await purgePlugin(this.deps.pool, pluginId, { deleteSchema: !options.keepData, dropRecord: true, recordRemoval: options.wasRemoved });
    await this.deps.store.forgetInstall(pluginId);
  }

  async deregister(pluginId: string, deleteSchema: boolean, actor: Actor): Promise<RemovalResult & { cleanedUp: boolean }> {
    return this.locked(pluginId, async () => {
      const record = await assertRemovable(this.deps, pluginId, "removed");
      await this.deps.store.setEnabled(actor, pluginId, false, { action: "deregister", deleteSchema });
      await this.deps.hooks.emit(coreHooks.pluginDeregistrationRequested, { pluginId, deleteSchema });
      const local = this.deps.local;
      await local.run(() => local.unloadNow(pluginId, "deregistered", { removeFiles: true }));
      const stillLoadedOn = await this.othersLetGo(pluginId);
      await this.deps.hooks.emit(coreHooks.pluginDeregistered, { pluginId });
      const remaining = await waitUntil(() => this.deps.store.record(pluginId), (row) => row === undefined, CLUSTER_WAIT_MS);
      this.deps.logger.info("plugin deregistered", { pluginId, version: record.version, deleteSchema, cleanedUp: remaining === undefined });
      return { pluginId, stillLoadedOn, cleanedUp: remaining === undefined };
    });
  }

  async disable(pluginId: string, actor: Actor): Promise<RemovalResult> {
    return this.locked(pluginId, async () => {
      const record = await assertRemovable(this.deps, pluginId, "disabled");
      if (!record.enabled) return { pluginId, stillLoadedOn: [] };
      await this.deps.store.setEnabled(actor, pluginId, false, { action: "disable" });
      await this.deps.hooks.emit(coreHooks.pluginDeregistrationRequested, { pluginId, deleteSchema: false });
      const local = this.deps.local;
      await local.run(() => local.unloadNow(pluginId, "disabled", { removeFiles: false }));
      const stillLoadedOn = await this.othersLetGo(pluginId);
      await dropSubscriptions(this.deps.pool, pluginId);
      await this.deps.store.finishOperations(pluginId, ["disable"], { status: "done" });
      this.deps.logger.info("plugin disabled", { pluginId });
      return { pluginId, stillLoadedOn };
    });
  }

  async enable(pluginId: string, actor: Actor): Promise<{ pluginId: string }> {
    return this.locked(pluginId, async () => {
      const record = await this.deps.store.record(pluginId);
      if (!record) throw new NotFoundError(`no plugin "${pluginId}" is installed`);
      const local = this.deps.local;
      if (!record.enabled) {
        await this.deps.store.setEnabled(actor, pluginId, true, { action: "enable" });
        const managed = this.deps.files.findPlugin(pluginId);
        const pluginPath = local.knownCandidate(pluginId)?.dir ?? (managed ? this.deps.files.packageDir(managed) : "");
        await this.deps.hooks.emit(coreHooks.pluginInstallationRequested, { pluginId, pluginPath });
      }
      const outcome = await local.run(() => local.loadNow(pluginId));
      if (outcome.status === "failed") {
        if (record.enabled) throw new InputError(`plugin "${pluginId}" is enabled but failed to load on this instance: ${outcome.error}`);
        // Back to disabled: the instances waiting for this decision then leave it alone.
        await this.deps.store.setEnabled(systemActor, pluginId, false);
        await this.deps.store.finishOperations(pluginId, ["enable"], { status: "failed", error: outcome.error });
        throw new InputError(`plugin "${pluginId}" failed to load, so it stays disabled: ${outcome.error}`);
      }
      this.deps.logger.info("plugin enabled", { pluginId });
      await this.deps.hooks.emit(coreHooks.pluginInstalled, { pluginId });
      return { pluginId };
    });
  }

  /** Waits (bounded) until no other live instance reports the plugin loaded. */
  private othersLetGo(pluginId: string): Promise<string[]> {
    return waitUntil(() => this.deps.registry.othersHolding(pluginId), (holding) => holding.length === 0, CLUSTER_WAIT_MS);
  }

  private async locked<T>(pluginId: string, work: () => Promise<T>, waitMs = LOCK_WAIT_MS): Promise<T> {
    try {
      return await withPluginLock(this.deps.pool, pluginId, { mode: "exclusive", waitMs }, work);
    } catch (error) {
      if (error instanceof PluginBusyError) throw new ConflictError(error.message);
      throw error;
    }
  }

  private parseSpec(specText: string): InstallSpec {
    try {
      return parseInstallSpec(specText);
    } catch (error) {
      if (error instanceof InstallSpecError) throw new InputError(error.message, { path: "spec" });
      if (error instanceof ZodError) throw InputError.fromIssues("Invalid install spec", error.issues, { basePath: "spec" });
      throw error;
    }
  }

  /** npm's failures are the package's or the spec's: answered as a 400 with npm's own reason. */
  private async npm<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof NpmError) throw new InputError(`npm ${what}: ${error.reason}`);
      throw error;
    }
  }
}
