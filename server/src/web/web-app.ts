import { join } from "node:path";
import type { Logger } from "@checkstack/backend-api";
import { BuildStore, type BuiltFile } from "./build-store";
import { bundleFrontendPlugin, bundleShell } from "./bundler";
import { discoverFrontendPackages, type FrontendPackage } from "./frontend-discovery";
import { indexHtml } from "./index-html";
import { hashSources } from "./source-hash";
import { REPO_ROOT } from "../platform-env";

/** Bumped when the way builds are made changes, so older cached builds are not reused. */
const BUILD_FORMAT = "2";

export const SHELL_SOURCE_DIRS = [join(REPO_ROOT, "server/web/src"), join(REPO_ROOT, "server/sdk/frontend-api/src"), join(REPO_ROOT, "server/src/web")];
export const SHELL_ENTRY = join(REPO_ROOT, "server/web/src/main.tsx");
export const DEFAULT_WEB_BUILD_DIR = join(REPO_ROOT, "server/web/.build");

/** Paths that are never the web application's, even when nothing else answers them. */
const RESERVED_PREFIXES = ["/api", "/healthz", "/readyz", "/metrics", "/status"];

export interface WebAppOptions {
  logger: Logger;
  bundledDir: string;
  pluginsDir: string;
  /** Where builds are cached between starts. */
  buildDir?: string;
  /** Plugin ids loaded on this instance; undefined while booting. */
  loadedPluginIds: () => readonly string[] | undefined;
}

/** One enabled frontend plugin as the shell loads it. */
export interface FrontendModuleInfo {
  pluginId: string;
  packageName: string;
  version: string;
  /** URL of its ES module; absent when it failed to build. */
  module?: string;
  error?: string;
}

interface ShellBuild {
  script: string;
  stylesheet: string | undefined;
  html: string;
}

function isReserved(path: string): boolean {
  return RESERVED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * The web application: builds the shell when its sources changed (cached by
 * content hash in the build directory), builds each enabled frontend plugin
 * on first request, and serves them: hashed assets cached for a year,
 * index.html for every client-side route.
 */
export class WebApp {
  private readonly store: BuildStore;
  private readonly files = new Map<string, BuiltFile & { gzipped: Uint8Array }>();
  private readonly pluginBuilds = new Map<string, Promise<string>>();
  private shell: Promise<ShellBuild> | undefined;

  constructor(private readonly options: WebAppOptions) {
    this.store = new BuildStore(options.buildDir ?? DEFAULT_WEB_BUILD_DIR);
  }

  /** Builds (or loads) the shell; requests wait for it. */
  prepare(): Promise<ShellBuild> {
    if (!this.shell) {
      const shell = this.loadShell();
      // A failed build is tried again by the next request, not remembered.
      shell.catch(() => {
        if (this.shell === shell) this.shell = undefined;
      });
      this.shell = shell;
    }
    return this.shell;
  }

  private remember(files: BuiltFile[]): void {
    // Compressed once, when built or loaded: every later request for a hashed asset gets the same bytes.
    for (const file of files) if (!this.files.has(file.name)) this.files.set(file.name, { ...file, gzipped: Bun.gzipSync(file.body) });
  }

  private async loadShell(): Promise<ShellBuild> {
    const started = performance.now();
    const key = `shell-${hashSources(SHELL_SOURCE_DIRS, [BUILD_FORMAT, lockfileDigest()])}`;
    let stored = this.store.read(key);
    if (!stored) {
      const built = await bundleShell(SHELL_ENTRY);
      stored = { files: built.files, meta: { script: built.script, ...(built.stylesheet ? { stylesheet: built.stylesheet } : {}) } };
      const saved = this.store.write(key, stored);
      this.options.logger.info("web shell built", { ms: Math.round(performance.now() - started), cached: saved });
    }
    this.remember(stored.files);
    const script = stored.meta["script"];
    if (!script) throw new Error("the cached web shell names no script");
    const assets = { script, stylesheet: stored.meta["stylesheet"] };
    return { ...assets, html: indexHtml(assets) };
  }

  private buildPlugin(frontend: FrontendPackage): Promise<string> {
    const key = `plugin-${frontend.pluginId}-${hashSources(frontend.sourceDirs, [BUILD_FORMAT, frontend.version, lockfileDigest()])}`;
    let build = this.pluginBuilds.get(key);
    if (!build) {
      build = (async () => {
        let stored = this.store.read(key);
        if (!stored) {
          const built = await bundleFrontendPlugin(frontend.entry, frontend.pluginId);
          stored = { files: built.files, meta: { module: built.module } };
          this.store.write(key, stored);
          this.options.logger.info("frontend plugin built", { pluginId: frontend.pluginId, module: built.module });
        }
        this.remember(stored.files);
        const module = stored.meta["module"];
        if (!module) throw new Error(`the cached build of ${frontend.pluginId} names no module`);
        return `/assets/${module}`;
      })();
      // A failed build is retried on the next request rather than remembered.
      build.catch(() => this.pluginBuilds.delete(key));
      this.pluginBuilds.set(key, build);
    }
    return build;
  }

  /** Builds the shell and every frontend plugin found (for images that ship them prebuilt). */
  async prebuildAll(): Promise<string[]> {
    await this.prepare();
    const frontends = discoverFrontendPackages({ bundledDir: this.options.bundledDir, pluginsDir: this.options.pluginsDir });
    return Promise.all(frontends.map((frontend) => this.buildPlugin(frontend)));
  }

  /** The frontend plugins whose backend plugin is loaded on this instance, built. */
  async enabledFrontends(): Promise<FrontendModuleInfo[]> {
    const loaded = new Set(this.options.loadedPluginIds() ?? []);
    const frontends = discoverFrontendPackages({ bundledDir: this.options.bundledDir, pluginsDir: this.options.pluginsDir }).filter((frontend) =>
      loaded.has(frontend.pluginId),
    );
    return Promise.all(
      frontends.map(async (frontend): Promise<FrontendModuleInfo> => {
        const base = { pluginId: frontend.pluginId, packageName: frontend.packageName, version: frontend.version };
        try {
          return { ...base, module: await this.buildPlugin(frontend) };
        } catch (error) {
          this.options.logger.error("frontend plugin build failed", { pluginId: frontend.pluginId, error });
          return { ...base, error: error instanceof Error ? error.message.slice(0, 2000) : String(error) };
        }
      }),
    );
  }

  /** Answers a GET for the web application, or undefined when the path is not its. */
  async handle(request: Request): Promise<Response | undefined> {
    if (request.method !== "GET" && request.method !== "HEAD") return undefined;
    const path = new URL(request.url).pathname;
    if (isReserved(path)) return undefined;
    let shell: ShellBuild;
    try {
      shell = await this.prepare();
    } catch (error) {
      this.options.logger.error("the web application could not be built", { error });
      return new Response("The web application could not be built; the server log says why.", {
        status: 503,
        headers: { "content-type": "text/plain; charset=utf-8", "retry-after": "5" },
      });
    }
    if (path === "/assets/frontend-plugins.json") {
      return Response.json({ plugins: await this.enabledFrontends() }, { headers: { "cache-control": "no-store" } });
    }
    if (path.startsWith("/assets/")) {
      const file = this.files.get(path.slice("/assets/".length));
      if (!file) return undefined;
      const gzip = /\bgzip\b/.test(request.headers.get("accept-encoding") ?? "");
      return new Response(gzip ? file.gzipped : file.body, {
        headers: {
          "content-type": file.contentType,
          "cache-control": "public, max-age=31536000, immutable",
          "x-content-type-options": "nosniff",
          vary: "accept-encoding",
          ...(gzip ? { "content-encoding": "gzip" } : {}),
        },
      });
    }
    return new Response(shell.html, {
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache", "x-content-type-options": "nosniff" },
    });
  }
}

let lockfile: string | undefined;

/** Dependency versions are part of every build: the lockfile's digest, read once. */
function lockfileDigest(): string {
  lockfile ??= hashSources([join(REPO_ROOT, "package-lock.json")]);
  return lockfile;
}
