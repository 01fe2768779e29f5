import { existsSync } from "node:fs";
import type { Logger } from "@checkstack/backend-api";
import type { DiscoveredPlugin } from "../plugin-runtime/plugin-discovery";
import type { PluginRow } from "./plugin-store";
import type { PluginsDirectory } from "./plugins-directory";
import { isInstallable, type PluginSources } from "./plugin-sources";

/**
 * Where each plugin's code is on this instance: remembered from where it was
 * loaded (or found), else the plugins directory, else installed from the
 * recorded source. Also removes what this platform installed for a plugin.
 */
export class PluginLocator {
  /** Where each plugin was loaded (or found) from: reloading after a disable needs no reinstall. */
  private readonly candidates = new Map<string, DiscoveredPlugin>();

  constructor(
    private readonly files: PluginsDirectory,
    private readonly sources: PluginSources,
    private readonly logger: Logger,
  ) {}

  /** Keeps the first place a plugin was found. */
  remember(pluginId: string, candidate: DiscoveredPlugin): void {
    if (!this.candidates.has(pluginId)) this.candidates.set(pluginId, candidate);
  }

  /** Records where a plugin was just loaded from, replacing what was known. */
  loadedFrom(pluginId: string, candidate: DiscoveredPlugin): void {
    this.candidates.set(pluginId, candidate);
  }

  known(pluginId: string): DiscoveredPlugin | undefined {
    return this.candidates.get(pluginId);
  }

  /** Whether this instance could find or install the plugin on its own. */
  canProvide(record: PluginRow): boolean {
    return this.candidates.has(record.id) || this.files.findPlugin(record.id) !== undefined || isInstallable(record.source);
  }

  async locate(record: PluginRow): Promise<DiscoveredPlugin> {
    const known = this.candidates.get(record.id);
    if (known && (known.plugin || existsSync(known.entry))) return known;
    const managed = this.files.findPlugin(record.id);
    const candidate = managed ? this.files.candidateFor(managed) : undefined;
    return candidate ?? this.sources.installFromSource(record);
  }

  /** Removes what this platform installed for the plugin; an operator's own folders are left, with a warning. */
  async removeFiles(pluginId: string): Promise<void> {
    const managed = this.files.list().filter((pkg) => pkg.pluginId === pluginId);
    for (const pkg of managed) {
      await this.files.remove(pkg.alias).catch((error: unknown) => this.logger.error("removing plugin files failed", { pluginId, alias: pkg.alias, error }));
    }
    const known = this.candidates.get(pluginId);
    this.candidates.delete(pluginId);
    if (known && !known.plugin && known.source !== "bundled" && !managed.some((pkg) => this.files.packageDir(pkg) === known.dir)) {
      this.logger.warn("plugin removed, but its folder was not installed through the admin API and is left in place; delete it, or it is registered again at the next start", {
        pluginId,
        dir: known.dir,
      });
    }
  }
}
