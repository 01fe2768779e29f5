import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { z } from "zod";
import { pluginIdSchema } from "@checkstack/common";

/** A package that contributes pages to the web application. */
export interface FrontendPackage {
  /** The backend plugin it belongs to: its pages are offered while that plugin is loaded. */
  pluginId: string;
  packageName: string;
  version: string;
  dir: string;
  entry: string;
  /** Folders whose sources make up its build (its own and its local @checkstack dependencies). */
  sourceDirs: string[];
}

/**
 * package.json `checkstack`: `{ "kind": "frontend", "pluginId": "x" }` with
 * `main` as the entry, or any plugin package naming a `frontend` entry and
 * its `pluginId` (one package carrying both halves, as installed at runtime).
 */
const manifestSchema = z.object({
  name: z.string(),
  version: z.string().default("0.0.0"),
  main: z.string().optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  checkstack: z.object({ kind: z.string().optional(), pluginId: pluginIdSchema.optional(), frontend: z.string().optional() }).optional(),
});

function packageRootOf(file: string): string | undefined {
  let dir = dirname(file);
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    dir = dirname(dir);
  }
  return undefined;
}

/** Local @checkstack packages the frontend imports (its -common contract), whose changes must rebuild it. */
function localDependencyDirs(dir: string, dependencies: Record<string, string>): string[] {
  const require = createRequire(join(dir, "package.json"));
  const dirs: string[] = [];
  for (const name of Object.keys(dependencies)) {
    if (!name.startsWith("@checkstack/") || name === "@checkstack/frontend-api") continue;
    try {
      const root = packageRootOf(require.resolve(name));
      // A workspace package's sources; an installed one changes only with its version.
      if (root) dirs.push(root.includes("/node_modules/") ? join(root, "package.json") : join(root, "src"));
    } catch {
      // Unresolvable: the build reports it.
    }
  }
  return dirs;
}

export function readFrontendPackage(dir: string): FrontendPackage | undefined {
  const manifestPath = join(dir, "package.json");
  if (!existsSync(manifestPath)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch {
    return undefined;
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { checkstack, main, name, version, dependencies } = parsed.data;
  if (!checkstack?.pluginId) return undefined;
  const entryPath = checkstack.kind === "frontend" ? (checkstack.frontend ?? main ?? "src/index.tsx") : checkstack.frontend;
  if (!entryPath) return undefined;
  const entry = resolve(dir, entryPath);
  return {
    pluginId: checkstack.pluginId,
    packageName: name,
    version,
    dir: resolve(dir),
    entry,
    sourceDirs: [join(resolve(dir), "src"), dirname(entry), manifestPath, ...localDependencyDirs(dir, dependencies ?? {})],
  };
}

function packageDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  const dirs: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const path = join(root, entry.name);
    if (entry.name.startsWith("@")) dirs.push(...packageDirs(path));
    else if (!entry.name.startsWith(".") && entry.name !== "node_modules") dirs.push(path);
  }
  return dirs.sort();
}

/** Frontend packages in the repository's plugins/ and in the operator's plugins directory (first found wins per plugin id). */
export function discoverFrontendPackages(options: { bundledDir: string; pluginsDir: string }): FrontendPackage[] {
  const found = new Map<string, FrontendPackage>();
  const roots = [options.bundledDir, options.pluginsDir, join(options.pluginsDir, "node_modules")];
  for (const root of roots) {
    for (const dir of packageDirs(root)) {
      const frontend = readFrontendPackage(dir);
      if (frontend && !found.has(frontend.pluginId)) found.set(frontend.pluginId, frontend);
    }
  }
  return [...found.values()];
}
