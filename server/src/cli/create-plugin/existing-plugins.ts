import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CreatePluginError } from "./errors";
import type { PluginNames } from "./names";
import type { PluginType } from "./options";

/** What is already taken, with where it was seen, for the refusal message. */
export interface ExistingPlugins {
  /** Entry names in the plugins folder (files too: a file named like the folder blocks it as well). */
  entries: ReadonlySet<string>;
  /** Package name -> folder that declares it. */
  packages: ReadonlyMap<string, string>;
  /** Plugin id -> everywhere it is declared (a folder <id>-backend/-common, or a pluginId: "<id>" in source). */
  pluginIds: ReadonlyMap<string, ReadonlyArray<string>>;
}

const manifestSchema = z.object({ name: z.string() });

// definePluginMetadata({ pluginId: "x" }) and the fixtures' inline metadata both read like this.
const PLUGIN_ID_IN_SOURCE = /pluginId:\s*["']([a-z0-9-]+)["']/g;
const PLUGIN_FOLDER = /^(.+)-(backend|common|frontend)$/;

function packageNameIn(dir: string): string | undefined {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return undefined;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(manifest, "utf8")));
    return parsed.success ? parsed.data.name : undefined;
  } catch {
    // A broken package.json elsewhere is not this command's business.
    return undefined;
  }
}

function subdirectories(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((entry) => {
    try {
      return statSync(join(root, entry)).isDirectory();
    } catch {
      return false;
    }
  });
}

/**
 * Looks at the plugins folder and the workspace around it: folders, package
 * names (also the SDK's and whatever npm linked into node_modules/@checkstack)
 * and plugin ids declared in plugin sources.
 */
export function scanExistingPlugins(pluginsDir: string, repoRoot: string): ExistingPlugins {
  const entries = new Set(existsSync(pluginsDir) ? readdirSync(pluginsDir) : []);
  const packages = new Map<string, string>();
  const pluginIds = new Map<string, string[]>();
  const declare = (id: string, where: string) => pluginIds.set(id, [...(pluginIds.get(id) ?? []), where]);

  for (const entry of subdirectories(pluginsDir)) {
    if (entry.startsWith(".")) continue;
    const dir = join(pluginsDir, entry);
    const name = packageNameIn(dir);
    if (name) packages.set(name, dir);
    const folderId = PLUGIN_FOLDER.exec(entry)?.[1];
    if (folderId) declare(folderId, dir);
    const index = join(dir, "src", "index.ts");
    if (existsSync(index)) {
      for (const match of readFileSync(index, "utf8").matchAll(PLUGIN_ID_IN_SOURCE)) {
        const id = match[1];
        if (id) declare(id, index);
      }
    }
  }
  for (const root of [join(repoRoot, "server", "sdk"), join(repoRoot, "plugins")]) {
    for (const entry of subdirectories(root)) {
      const name = packageNameIn(join(root, entry));
      if (name && !packages.has(name)) packages.set(name, join(root, entry));
    }
  }
  const linked = join(repoRoot, "node_modules", "@checkstack");
  for (const entry of existsSync(linked) ? readdirSync(linked) : []) {
    // A link left behind by a deleted workspace points nowhere and takes no name.
    if (!existsSync(join(linked, entry))) continue;
    const name = `@checkstack/${entry}`;
    if (!packages.has(name)) packages.set(name, join(linked, entry));
  }
  return { entries, packages, pluginIds };
}

/** Which packages to write. */
export interface CreationPlan {
  common: boolean;
  backend: boolean;
  frontend: boolean;
  /** --type backend or frontend found no -common package and creates one: both halves import its contract. */
  commonAdded: boolean;
}

/** Decides what to write, or refuses with the reason; nothing has been written yet when this throws. */
export function planCreation(type: PluginType, names: PluginNames, existing: ExistingPlugins, pluginsDir: string): CreationPlan {
  const commonPath = join(pluginsDir, names.commonDir);
  const backendPath = join(pluginsDir, names.backendDir);
  const taken = (dir: string, pkg: string): string | undefined =>
    existing.entries.has(dir) ? join(pluginsDir, dir) : existing.packages.get(pkg);
  const backendTakenBy = taken(names.backendDir, names.backendPackage);
  const commonTakenBy = taken(names.commonDir, names.commonPackage);
  const frontendTakenBy = taken(names.frontendDir, names.frontendPackage);
  const idOwners = existing.pluginIds.get(names.pluginId) ?? [];
  const refuse = (where: string): never => {
    throw new CreatePluginError(`plugin "${names.pluginId}" exists already (${where}); choose another name`);
  };
  const inside = (where: string, dir: string) => where === dir || where.startsWith(`${dir}/`);

  if (type === "backend" || type === "frontend") {
    const ownTakenBy = type === "backend" ? backendTakenBy : frontendTakenBy;
    if (ownTakenBy) refuse(ownTakenBy);
    const plan = { common: false, backend: type === "backend", frontend: type === "frontend", commonAdded: false };
    if (!commonTakenBy) {
      if (idOwners[0]) refuse(idOwners[0]);
      return { ...plan, common: true, commonAdded: true };
    }
    // An existing -common is reused only where the new package will look for it, as the package it will import.
    const commonIsHere = existing.entries.has(names.commonDir) && existing.packages.get(names.commonPackage) === commonPath;
    if (!commonIsHere) refuse(commonTakenBy);
    // A frontend joins the plugin's own backend too: that is the plugin it serves pages for.
    const elsewhere = idOwners.find((where) => !inside(where, commonPath) && !(type === "frontend" && inside(where, backendPath)));
    if (elsewhere) refuse(elsewhere);
    return plan;
  }
  const blocker = commonTakenBy ?? backendTakenBy ?? frontendTakenBy ?? idOwners[0];
  if (blocker) refuse(blocker);
  return { common: true, backend: type === "both", frontend: type === "both", commonAdded: false };
}
