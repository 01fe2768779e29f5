import type { Logger } from "@checkstack/backend-api";
import { PluginOrderError } from "../plugin-runtime/dependency-order";
import type { DiscoveredPlugin } from "../plugin-runtime/plugin-discovery";
import type { LoadReport, PluginRuntime } from "../plugin-runtime/plugin-runtime";
import type { LocalPlugins } from "./local-plugins";
import { errorText, type PluginSources } from "./plugin-sources";
import type { PluginRow, PluginStore } from "./plugin-store";
import type { ManagedPackage, PluginsDirectory } from "./plugins-directory";

export interface BootDeps {
  runtime: PluginRuntime;
  store: PluginStore;
  files: PluginsDirectory;
  local: LocalPlugins;
  sources: PluginSources;
  logger: Logger;
}

/**
 * A package this platform installed whose record is gone was removed while
 * this instance was away. One younger than this may be an install another
 * instance sharing the directory has not recorded yet.
 */
const STALE_AFTER_MS = 15 * 60_000;

/** A package whose plugin the cluster removed (checkstack.plugin_removals) is stale at once, however young. */
function isStale(pkg: ManagedPackage, records: ReadonlyMap<string, PluginRow>, removed: ReadonlySet<string>): boolean {
  if (pkg.pluginId && records.has(pkg.pluginId)) return false;
  if (pkg.pluginId && removed.has(pkg.pluginId)) return true;
  return Date.now() - Date.parse(pkg.installedAt) > STALE_AFTER_MS;
}

/**
 * What this instance loads at boot: the built-in plugins, what discovery
 * found (minus packages removed while it was away), and every enabled
 * recorded plugin it does not have yet, installed into its own plugins
 * directory from the recorded source. A plugin that cannot be installed is
 * logged and reported; the instance starts without it.
 */
export interface BootCandidates {
  candidates: DiscoveredPlugin[];
  /** Those installed through the admin API: cluster state, which must not keep an instance from starting. */
  installed: ReadonlySet<DiscoveredPlugin>;
}

export async function bootCandidates(deps: BootDeps, builtIns: ReadonlyArray<DiscoveredPlugin>, discovered: ReadonlyArray<DiscoveredPlugin>): Promise<BootCandidates> {
  const { files, local, sources, logger } = deps;
  // The cluster's record is the truth: a plugin removed while this instance was down is deleted here, not recorded again.
  const [records, removed] = await Promise.all([
    deps.store.records().then((rows) => new Map(rows.map((record) => [record.id, record]))),
    deps.store.removals(),
  ]);
  let managed: ManagedPackage[] = [];
  try {
    managed = files.list();
  } catch (error) {
    logger.error("the plugins directory's manifest cannot be read; its packages are loaded as found", { dir: files.dir, error });
  }
  const staleDirs = new Set<string>();
  for (const pkg of managed.filter((candidate) => isStale(candidate, records, removed))) {
    staleDirs.add(files.packageDir(pkg));
    logger.info("removing a plugin package that was deregistered while this instance was away", { alias: pkg.alias, pluginId: pkg.pluginId });
    await files.remove(pkg.alias).catch((error: unknown) => logger.warn("removing a stale plugin package failed", { alias: pkg.alias, error }));
  }
  // Installed packages carry their install source, not the folder discovery found them in.
  const installSources = new Map(managed.map((pkg) => [files.packageDir(pkg), pkg.source]));
  const installed = new Set<DiscoveredPlugin>();
  const candidates = [...builtIns, ...discovered.filter((candidate) => !staleDirs.has(candidate.dir))].map((candidate) => {
    const source = installSources.get(candidate.dir);
    if (!source) return candidate;
    const withSource = { ...candidate, source };
    installed.add(withSource);
    return withSource;
  });

  for (const candidate of candidates) {
    const identity = await sources.identify(candidate);
    // Unidentifiable packages are left to runtime.load, which reports them by name.
    if ("pluginId" in identity) local.remember(identity.pluginId, candidate);
  }
  for (const record of records.values()) {
    if (!record.enabled || record.source === "bundled" || local.knownCandidate(record.id)) continue;
    try {
      const candidate = await sources.installFromSource(record);
      local.remember(record.id, candidate);
      candidates.push(candidate);
      installed.add(candidate);
    } catch (error) {
      logger.error("plugin could not be installed on this instance; starting without it", { pluginId: record.id, source: record.source, error });
      local.noteInstallFailure(record.id, record.version, `install failed: ${errorText(error)}`);
    }
  }
  return { candidates, installed };
}

/**
 * runtime.load for the boot, except that a dependency problem among plugins
 * installed through the admin API (one needing a service of a plugin this
 * instance could not install, say) fails those plugins instead of the whole
 * boot. Problems among bundled plugins or folders an operator placed still
 * stop it, naming the cycle or the missing service: that is a broken release
 * or configuration.
 */
export async function loadAtBoot(deps: BootDeps, { candidates, installed }: BootCandidates): Promise<LoadReport> {
  const idOf = new Map<DiscoveredPlugin, string>();
  for (const candidate of candidates) {
    const identity = await deps.sources.identify(candidate);
    if ("pluginId" in identity) idOf.set(candidate, identity.pluginId);
  }
  let remaining = [...candidates];
  const excluded: LoadReport["failed"] = [];
  for (;;) {
    try {
      const report = await deps.runtime.load(remaining);
      // Loaded or failed now; later changes arrive as broadcasts, so the reconciler does not retry these.
      for (const pluginId of [...report.ready, ...report.failed.map((failure) => failure.pluginId)]) deps.local.markAttempted(pluginId);
      return { ready: report.ready, failed: [...excluded, ...report.failed] };
    } catch (error) {
      if (!(error instanceof PluginOrderError)) throw error;
      const culprits = remaining.filter((candidate) => installed.has(candidate) && error.pluginIds.includes(idOf.get(candidate) ?? ""));
      if (culprits.length === 0) throw error;
      for (const candidate of culprits) {
        const pluginId = idOf.get(candidate) ?? candidate.packageName;
        deps.logger.error("plugin not loaded", { pluginId, error });
        deps.local.noteInstallFailure(pluginId, candidate.version, error.message);
        deps.runtime.forget(pluginId);
        excluded.push({ pluginId, error: error.message });
      }
      remaining = remaining.filter((candidate) => !culprits.includes(candidate));
    }
  }
}
