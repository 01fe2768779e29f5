import { isBackendPlugin, type Logger } from "@checkstack/backend-api";
import { pluginIdSchema } from "@checkstack/common";
import type { DiscoveredPlugin } from "../plugin-runtime/plugin-discovery";
import { parseInstallSpec } from "./install-spec";
import type { PluginRow } from "./plugin-store";
import type { PluginsDirectory } from "./plugins-directory";

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether a recorded source is something this instance could install from (not "bundled", not a harness's label). */
export function isInstallable(source: string): boolean {
  try {
    parseInstallSpec(source);
    return true;
  } catch {
    return false;
  }
}

/** Where plugin code comes from: which plugin a package is, and installing a recorded plugin from its source. */
export class PluginSources {
  constructor(
    private readonly files: PluginsDirectory,
    private readonly logger: Logger,
  ) {}

  /** The plugin id a package declares, by importing it as the runtime will (the module is cached, so it runs once). */
  async identify(candidate: DiscoveredPlugin): Promise<{ pluginId: string } | { error: string }> {
    if (candidate.plugin) return { pluginId: candidate.plugin.pluginId };
    try {
      const module: { default?: unknown } = await import(candidate.entry);
      if (!isBackendPlugin(module.default)) return { error: `its entry ${candidate.entry} has no default export made with createBackendPlugin` };
      const parsed = pluginIdSchema.safeParse(module.default.pluginId);
      if (!parsed.success) return { error: `its plugin id "${module.default.pluginId}" is not valid: ${parsed.error.issues[0]?.message ?? "invalid"}` };
      return { pluginId: parsed.data };
    } catch (error) {
      return { error: `importing ${candidate.entry} failed: ${errorText(error)}` };
    }
  }

  /**
   * Installs a recorded plugin into this instance's plugins directory from the
   * source the cluster recorded, and returns where to load it from.
   */
  async installFromSource(record: PluginRow): Promise<DiscoveredPlugin> {
    const files = this.files;
    const staged = await files.stage(parseInstallSpec(record.source));
    let added;
    try {
      added = await files.add(staged, record.source);
    } finally {
      await staged.discard();
    }
    const candidate = files.candidateFor(added.pkg);
    const identity = candidate ? await this.identify(candidate) : { error: "it is not a Checkstack backend plugin" };
    if (!candidate || !("pluginId" in identity) || identity.pluginId !== record.id) {
      if (!added.alreadyPresent) await files.remove(added.pkg.alias);
      const found = "pluginId" in identity ? `plugin "${identity.pluginId}"` : identity.error;
      throw new Error(`the package at ${record.source} is not plugin "${record.id}": ${found}`);
    }
    if (!added.alreadyPresent) await files.setPluginId(added.pkg.alias, record.id);
    this.logger.info("plugin installed from its recorded source", { pluginId: record.id, source: record.source });
    return candidate;
  }
}
