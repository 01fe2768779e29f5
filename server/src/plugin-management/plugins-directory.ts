import { existsSync, lstatSync, readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, realpath, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Pool } from "pg";
import { z } from "zod";
import { InputError, type Logger } from "@checkstack/backend-api";
import { withAdvisoryLock } from "../database/advisory-lock";
import { REPO_ROOT } from "../platform-env";
import { isValidPackageName } from "./install-spec";
import { readPluginPackage, type DiscoveredPlugin } from "../plugin-runtime/plugin-discovery";
import type { InstallSpec } from "./install-spec";
import { runNpm } from "./npm-runner";

/** A package this platform installed into the plugins directory (the operator's own folders are not listed). */
const managedPackageSchema = z.object({
  /** Its folder under node_modules: the package name plus a hash of its tarball, so new code never shares a path (and a module cache entry) with old code. */
  alias: z.string(),
  packageName: z.string(),
  version: z.string(),
  /** The spec it was installed from, as recorded in checkstack.plugins. */
  source: z.string(),
  pluginId: z.string().optional(),
  installedAt: z.string(),
});
export type ManagedPackage = z.infer<typeof managedPackageSchema>;

const manifestSchema = z.object({ packages: z.array(managedPackageSchema) });
const peersSchema = z.object({ peerDependencies: z.record(z.string(), z.string()).optional() });
const packOutputSchema = z
  .array(z.object({ name: z.string(), version: z.string(), filename: z.string(), shasum: z.string().regex(/^[0-9a-f]{10,}$/) }))
  .length(1);

export interface StagedPackage {
  name: string;
  version: string;
  shasum: string;
  tarball: string;
  discard(): Promise<void>;
}

const MANIFEST = "checkstack-plugins.json";
const TARBALLS = ".tarballs";
const NPM_FLAGS = ["--no-audit", "--no-fund", "--ignore-scripts", "--legacy-peer-deps", "--loglevel=error"];

/** "@acme/status-x" + tarball hash -> "acme-status-x-1a2b3c4d5e": a valid, unscoped npm alias. */
export function aliasFor(name: string, shasum: string): string {
  const base = name.toLowerCase().replace(/^@/, "").replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+/, "").slice(0, 180);
  return `${base || "plugin"}-${shasum.slice(0, 10)}`;
}

/** The one .tgz `npm pack` left in a staging folder it had to itself. */
async function onlyTarballIn(staging: string): Promise<string> {
  const tarballs = (await readdir(staging, { withFileTypes: true })).filter((entry) => entry.isFile() && entry.name.endsWith(".tgz"));
  if (tarballs.length !== 1 || !tarballs[0]) throw new Error(`npm pack left ${tarballs.length} tarballs in ${staging}`);
  return join(staging, tarballs[0].name);
}

/**
 * The plugins directory as an npm project: packages are fetched with
 * `npm pack`, kept as tarballs in .tarballs/ and installed under an alias, so
 * the folder can always be rebuilt offline; checkstack-plugins.json lists what
 * the platform put there. Every change holds a cluster-wide advisory lock
 * named after the directory, so instances sharing it take turns.
 */
export class PluginsDirectory {
  constructor(
    readonly dir: string,
    private readonly pool: Pool,
    private readonly logger: Logger,
  ) {}

  private get manifestPath(): string {
    return join(this.dir, MANIFEST);
  }

  packageDir(pkg: Pick<ManagedPackage, "alias">): string {
    return join(this.dir, "node_modules", pkg.alias);
  }

  list(): ManagedPackage[] {
    if (!existsSync(this.manifestPath)) return [];
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(this.manifestPath, "utf8")));
    if (!parsed.success) throw new Error(`${this.manifestPath} is damaged: ${parsed.error.message}`);
    return parsed.data.packages;
  }

  /** The installed package of a plugin, if this directory holds it. */
  findPlugin(pluginId: string): ManagedPackage | undefined {
    return this.list().find((pkg) => pkg.pluginId === pluginId && existsSync(this.packageDir(pkg)));
  }

  candidateFor(pkg: ManagedPackage): DiscoveredPlugin | undefined {
    return readPluginPackage(this.packageDir(pkg), pkg.source);
  }

  /** Fetches (registry), copies (tarball) or packs (folder) the spec into a temporary tarball; the shared directory is untouched. */
  async stage(spec: InstallSpec): Promise<StagedPackage> {
    const staging = await mkdtemp(join(tmpdir(), "checkstack-plugin-"));
    const discard = () => rm(staging, { recursive: true, force: true });
    try {
      const { stdout } = await runNpm(["pack", spec.arg, "--pack-destination", staging, "--json", ...NPM_FLAGS], { cwd: staging });
      const [packed] = packOutputSchema.parse(JSON.parse(stdout));
      if (!packed) throw new Error("npm pack reported no package");
      if (!isValidPackageName(packed.name)) {
        throw new InputError(`the package calls itself "${packed.name.slice(0, 220)}", which is not a valid npm package name`, { path: "spec" });
      }
      // The tarball npm wrote into the fresh staging folder, found there: npm's reported filename comes from the package and is never joined to a path.
      return { name: packed.name, version: packed.version, shasum: packed.shasum, tarball: await onlyTarballIn(staging), discard };
    } catch (error) {
      await discard();
      throw error;
    }
  }

  /** Installs a staged tarball under its alias. Already present (same content): nothing changes. */
  async add(staged: StagedPackage, source: string): Promise<{ pkg: ManagedPackage; alreadyPresent: boolean }> {
    const alias = aliasFor(staged.name, staged.shasum);
    return this.locked(async () => {
      const packages = this.list();
      const existing = packages.find((pkg) => pkg.alias === alias);
      if (existing && existsSync(this.packageDir(existing))) return { pkg: existing, alreadyPresent: true };
      await this.ensureProject();
      const tarball = join(TARBALLS, `${alias}.tgz`);
      await mkdir(join(this.dir, TARBALLS), { recursive: true });
      await copyFile(staged.tarball, join(this.dir, tarball));
      try {
        await runNpm(["install", "--prefix", this.dir, "--save", ...NPM_FLAGS, `${alias}@file:${tarball}`], { cwd: this.dir });
      } catch (error) {
        await this.removeFiles(alias);
        throw error;
      }
      const pkg: ManagedPackage = { alias, packageName: staged.name, version: staged.version, source, installedAt: new Date().toISOString() };
      await this.writeManifest([...packages.filter((other) => other.alias !== alias), pkg]);
      await this.linkPlatformPackages();
      return { pkg, alreadyPresent: false };
    });
  }

  async setPluginId(alias: string, pluginId: string): Promise<void> {
    await this.locked(async () => {
      await this.writeManifest(this.list().map((pkg) => (pkg.alias === alias ? { ...pkg, pluginId } : pkg)));
    });
  }

  /** Uninstalls a package this platform installed; no-op when it is not there. */
  async remove(alias: string): Promise<void> {
    await this.locked(async () => {
      if (!this.list().some((pkg) => pkg.alias === alias) && !existsSync(join(this.dir, "node_modules", alias))) return;
      await this.removeFiles(alias);
      await this.writeManifest(this.list().filter((pkg) => pkg.alias !== alias));
      await this.linkPlatformPackages();
    });
  }

  /** At boot: links the platform's packages for what is installed (npm may have pruned them). */
  async prepare(): Promise<void> {
    if (this.insideApplication() || !existsSync(this.dir)) return;
    await this.locked(() => this.linkPlatformPackages());
  }

  private insideApplication(): boolean {
    return this.dir.startsWith(REPO_ROOT);
  }

  /**
   * Installed plugins find the platform's packages (their peerDependencies:
   * @checkstack/*, @orpc/*, zod, …) by walking up from the plugins directory.
   * Outside the application folder (a volume at /plugins, say) nothing is up
   * there, so each such package is linked into the directory's node_modules
   * from the platform's own: the same files, hence one module instance shared
   * with the platform. npm prunes links it did not make, so this runs after
   * every npm change.
   */
  private async linkPlatformPackages(): Promise<void> {
    if (this.insideApplication()) return;
    const wanted = new Set<string>();
    for (const pkg of this.list()) {
      const manifest = join(this.packageDir(pkg), "package.json");
      if (!existsSync(manifest)) continue;
      const parsed = peersSchema.safeParse(JSON.parse(await readFile(manifest, "utf8")));
      for (const name of Object.keys(parsed.success ? (parsed.data.peerDependencies ?? {}) : {})) wanted.add(name);
    }
    for (const name of wanted) {
      const link = join(this.dir, "node_modules", name);
      const platformCopy = join(REPO_ROOT, "node_modules", name);
      if (!existsSync(platformCopy) || name.startsWith(".") || name.includes("..")) continue;
      let current: ReturnType<typeof lstatSync> | undefined;
      try {
        current = lstatSync(link);
      } catch {
        current = undefined;
      }
      // A real folder is a copy npm installed on purpose: left alone.
      if (current && !current.isSymbolicLink()) continue;
      if (current) await rm(link, { force: true });
      await mkdir(dirname(link), { recursive: true });
      await symlink(await realpath(platformCopy), link, "dir");
    }
  }

  private async removeFiles(alias: string): Promise<void> {
    try {
      await runNpm(["uninstall", "--prefix", this.dir, ...NPM_FLAGS, alias], { cwd: this.dir });
    } catch (error) {
      // npm refusing must not leave the files behind: remove them and the dependency entry by hand.
      this.logger.warn("npm uninstall failed; removing the package's files directly", { alias, error });
      await rm(join(this.dir, "node_modules", alias), { recursive: true, force: true });
      await this.dropDependency(alias);
    }
    await rm(join(this.dir, TARBALLS, `${alias}.tgz`), { force: true });
  }

  private async dropDependency(alias: string): Promise<void> {
    const path = join(this.dir, "package.json");
    if (!existsSync(path)) return;
    const manifest = z.looseObject({ dependencies: z.record(z.string(), z.string()).optional() }).parse(JSON.parse(await readFile(path, "utf8")));
    if (!manifest.dependencies?.[alias]) return;
    delete manifest.dependencies[alias];
    await this.writeAtomically(path, `${JSON.stringify(manifest, null, 2)}\n`);
  }

  private async ensureProject(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, "package.json");
    if (existsSync(path)) return;
    const project = { name: "checkstack-installed-plugins", private: true, description: "Plugins installed through the Checkstack admin API; managed by the platform" };
    await this.writeAtomically(path, `${JSON.stringify(project, null, 2)}\n`);
  }

  private async writeManifest(packages: ManagedPackage[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await this.writeAtomically(this.manifestPath, `${JSON.stringify({ packages }, null, 2)}\n`);
  }

  /** Readers on other instances never see half a file. */
  private async writeAtomically(path: string, text: string): Promise<void> {
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, path);
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    return withAdvisoryLock(this.pool, `plugin-files:${this.dir}`, () => work());
  }
}
