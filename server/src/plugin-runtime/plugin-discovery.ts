import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import type { BackendPlugin } from "@checkstack/backend-api";

/** A package on disk that declares itself a backend plugin. */
export interface DiscoveredPlugin {
  packageName: string;
  version: string;
  dir: string;
  entry: string;
  /** "bundled" for the repository's own plugins, else the folder it was found in. */
  source: string;
  /**
   * The plugin guide's worked example (package.json `checkstack.example`):
   * loaded only when CHECKSTACK_EXAMPLE_PLUGINS asks for it, see
   * plugin-management/example-plugins.ts.
   */
  example?: boolean;
  /** Already in memory (the platform's built-in plugins): used as is instead of importing `entry`. */
  plugin?: BackendPlugin;
}

const manifestSchema = z.object({
  name: z.string(),
  version: z.string().default("0.0.0"),
  main: z.string().optional(),
  checkstack: z.object({ kind: z.enum(["backend", "common", "frontend"]), example: z.boolean().optional() }).optional(),
});

/** Reads one package folder; undefined when it is not a backend plugin. */
export function readPluginPackage(dir: string, source: string): DiscoveredPlugin | undefined {
  const manifestPath = join(dir, "package.json");
  if (!existsSync(manifestPath)) return undefined;
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(manifestPath, "utf8")));
  if (!parsed.success) throw new Error(`${manifestPath} is not a valid package.json: ${parsed.error.message}`);
  const manifest = parsed.data;
  if (manifest.checkstack?.kind !== "backend") return undefined;
  return {
    packageName: manifest.name,
    version: manifest.version,
    dir: resolve(dir),
    entry: resolve(dir, manifest.main ?? "src/index.ts"),
    source,
    ...(manifest.checkstack.example ? { example: true } : {}),
  };
}

function packageDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  const dirs: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const path = join(root, entry.name);
    if (entry.name.startsWith("@")) dirs.push(...packageDirs(path));
    else if (!entry.name.startsWith(".")) dirs.push(path);
  }
  return dirs.sort();
}

/**
 * Finds backend plugins in the repository's plugins/ folder and in the
 * operator's plugins directory (plain folders or an npm node_modules there).
 * A package found in both is taken from the first place.
 */
export function discoverPlugins(options: { bundledDir: string; pluginsDir?: string }): DiscoveredPlugin[] {
  const found = new Map<string, DiscoveredPlugin>();
  const add = (dir: string, source: string) => {
    const plugin = readPluginPackage(dir, source);
    if (plugin && !found.has(plugin.packageName)) found.set(plugin.packageName, plugin);
  };
  for (const dir of packageDirs(options.bundledDir)) add(dir, "bundled");
  if (options.pluginsDir) {
    for (const dir of packageDirs(options.pluginsDir)) if (!dir.endsWith("node_modules")) add(dir, dir);
    for (const dir of packageDirs(join(options.pluginsDir, "node_modules"))) add(dir, dir);
  }
  return [...found.values()];
}
