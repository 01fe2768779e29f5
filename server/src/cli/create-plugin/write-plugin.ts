import { existsSync, rmSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generateInitialMigration } from "./drizzle-kit";
import { CreatePluginError } from "./errors";
import { planCreation, scanExistingPlugins, type CreationPlan } from "./existing-plugins";
import { checkPluginName, type PluginNames } from "./names";
import type { PluginType } from "./options";
import { readDependencyVersions } from "./sdk-versions";
import { renderBackendPackage } from "./templates/backend-package";
import { renderBackendTests } from "./templates/backend-tests";
import { renderCommonPackage } from "./templates/common-package";
import { defaultDescription, type FileMap, type TemplateContext } from "./templates/context";
import { renderBackendDocs, renderCommonDocs, renderFrontendDocs } from "./templates/docs";
import { renderFrontendPackage } from "./templates/frontend-package";

export interface CreatePluginRequest {
  type: PluginType;
  name: string;
  description?: string | undefined;
  /** The folder that holds plugin packages (the repository's plugins/ by default). */
  pluginsDir: string;
  /** Where the SDK's package.json files and the workspace's node_modules are. */
  repoRoot: string;
}

/** Everything checked, nothing written: what the confirmation prompt shows. */
export interface PreparedPlugin {
  names: PluginNames;
  plan: CreationPlan;
  context: TemplateContext;
  pluginsDir: string;
  repoRoot: string;
}

/** Validates the name and decides what to write; throws CreatePluginError without touching the disk. */
export function preparePlugin(request: CreatePluginRequest): PreparedPlugin {
  const check = checkPluginName(request.name);
  if (!check.ok) throw new CreatePluginError(check.reason);
  const { names } = check;
  if (!existsSync(request.pluginsDir) || !statSync(request.pluginsDir).isDirectory()) {
    throw new CreatePluginError(`${request.pluginsDir} is not a folder`);
  }
  const plan = planCreation(request.type, names, scanExistingPlugins(request.pluginsDir, request.repoRoot), request.pluginsDir);
  const description = request.description?.trim() || defaultDescription(names);
  const context: TemplateContext = { names, description, versions: readDependencyVersions(request.repoRoot) };
  return { names, plan, context, pluginsDir: request.pluginsDir, repoRoot: request.repoRoot };
}

/** The folder being filled right now, so an interrupt can remove it (see discardStaging). */
let staging: string | undefined;

/** For SIGINT handlers: removes a half-written staging folder. Synchronous, as exit handlers must be. */
export function discardStaging(): void {
  if (staging) rmSync(staging, { recursive: true, force: true });
  staging = undefined;
}

async function writeFiles(root: string, files: FileMap): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

/**
 * Writes the packages into a staging folder beside their final place (inside
 * the plugins folder, so drizzle-kit and the schema's imports resolve from the
 * workspace's node_modules, and on the same file system, so the final rename
 * is atomic), then moves each into place. Whatever fails, the plugins folder
 * ends as it began. The staging folder's name starts with a dot, which the
 * platform's plugin discovery skips, should a platform boot meanwhile.
 */
export async function writePlugin(prepared: PreparedPlugin): Promise<string[]> {
  const { names, plan, context, pluginsDir, repoRoot } = prepared;
  const packages: Array<{ dir: string; files: FileMap; migrate: boolean }> = [];
  if (plan.common) packages.push({ dir: names.commonDir, files: { ...renderCommonPackage(context), ...renderCommonDocs(context) }, migrate: false });
  if (plan.backend) {
    const files = { ...renderBackendPackage(context), ...renderBackendTests(context), ...renderBackendDocs(context) };
    packages.push({ dir: names.backendDir, files, migrate: true });
  }
  if (plan.frontend) packages.push({ dir: names.frontendDir, files: { ...renderFrontendPackage(context), ...renderFrontendDocs(context) }, migrate: false });

  staging = await mkdtemp(join(pluginsDir, ".create-plugin-"));
  const moved: string[] = [];
  try {
    for (const pkg of packages) {
      const staged = join(staging, pkg.dir);
      await writeFiles(staged, pkg.files);
      if (pkg.migrate) await generateInitialMigration(staged, names.snake, repoRoot);
    }
    for (const pkg of packages) {
      const target = join(pluginsDir, pkg.dir);
      // rename() would silently replace an empty folder created meanwhile: look once more.
      if (existsSync(target)) throw new CreatePluginError(`${target} appeared while the plugin was being generated; nothing was created`);
      await rename(join(staging, pkg.dir), target);
      moved.push(target);
    }
    return moved;
  } catch (error) {
    await Promise.all(moved.map((dir) => rm(dir, { recursive: true, force: true })));
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
    staging = undefined;
  }
}
