import type { BunPlugin } from "bun";
import { basename } from "node:path";
import type { BuiltFile } from "./build-store";
import { SHARED_GLOBAL } from "./shared-global";
import { SHARED_MODULES } from "./shared-modules";

const PRODUCTION = { "process.env.NODE_ENV": JSON.stringify("production") };

function contentTypeOf(name: string): string {
  if (name.endsWith(".js")) return "text/javascript; charset=utf-8";
  if (name.endsWith(".css")) return "text/css; charset=utf-8";
  if (name.endsWith(".map")) return "application/json; charset=utf-8";
  if (name.endsWith(".svg")) return "image/svg+xml";
  if (name.endsWith(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

async function collect(result: Awaited<ReturnType<typeof Bun.build>>, what: string): Promise<BuiltFile[]> {
  if (!result.success) {
    const messages = result.logs.map((log) => String(log.message ?? log)).join("\n");
    throw new Error(`building ${what} failed:\n${messages}`);
  }
  return Promise.all(
    result.outputs.map(async (output) => {
      const name = basename(output.path);
      return { name, contentType: contentTypeOf(name), body: new Uint8Array(await output.arrayBuffer()) };
    }),
  );
}

/** The shell: one hashed script and stylesheet, with every shared module inside. */
export async function bundleShell(entry: string): Promise<{ files: BuiltFile[]; script: string; stylesheet: string | undefined }> {
  const result = await Bun.build({
    entrypoints: [entry],
    target: "browser",
    format: "esm",
    minify: true,
    splitting: false,
    sourcemap: "none",
    define: PRODUCTION,
    naming: { entry: "shell-[hash].[ext]", asset: "asset-[hash].[ext]", chunk: "chunk-[hash].[ext]" },
    publicPath: "/assets/",
    throw: false,
  });
  const files = await collect(result, "the web shell");
  const script = files.find((file) => file.name.startsWith("shell-") && file.name.endsWith(".js"));
  if (!script) throw new Error("building the web shell gave no script");
  return { files, script: script.name, stylesheet: files.find((file) => file.name.endsWith(".css"))?.name };
}

/** Export names of each shared module, read once from the server's own copy (the one the shell bundles). */
let sharedExports: Promise<Map<string, string[]>> | undefined;

function sharedExportNames(): Promise<Map<string, string[]>> {
  sharedExports ??= (async () => {
    const names = new Map<string, string[]>();
    for (const [specifier, source] of Object.entries(SHARED_MODULES)) {
      const namespace = (await import(source)) as Record<string, unknown>;
      names.set(
        specifier,
        Object.keys(namespace).filter((name) => name !== "default" && /^[A-Za-z_$][\w$]*$/.test(name)),
      );
    }
    return names;
  })();
  return sharedExports;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Resolves imports of shared modules to the shell's copies on globalThis. */
async function sharedModulesPlugin(): Promise<BunPlugin> {
  const exports = await sharedExportNames();
  const filter = new RegExp(`^(${Object.keys(SHARED_MODULES).map(escapeRegExp).join("|")})$`);
  return {
    name: "checkstack-shared-modules",
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: "checkstack-shared" }));
      build.onLoad({ filter: /.*/, namespace: "checkstack-shared" }, (args) => {
        const names = exports.get(args.path) ?? [];
        const source = [
          `const shared = globalThis[${JSON.stringify(SHARED_GLOBAL)}][${JSON.stringify(args.path)}];`,
          `export default shared.default ?? shared;`,
          ...names.map((name) => `export const ${name} = shared[${JSON.stringify(name)}];`),
        ].join("\n");
        return { contents: source, loader: "js" };
      });
    },
  };
}

/** A frontend plugin: one hashed ES module importing the shared modules from the shell. */
export async function bundleFrontendPlugin(entry: string, pluginId: string): Promise<{ files: BuiltFile[]; module: string }> {
  const result = await Bun.build({
    entrypoints: [entry],
    target: "browser",
    format: "esm",
    minify: true,
    sourcemap: "none",
    define: PRODUCTION,
    // Split: what a plugin imports dynamically (a chart library, say) loads when first needed.
    splitting: true,
    naming: { entry: `plugin-${pluginId}-[hash].[ext]`, asset: `asset-[hash].[ext]`, chunk: `chunk-${pluginId}-[hash].[ext]` },
    publicPath: "/assets/",
    plugins: [await sharedModulesPlugin()],
    throw: false,
  });
  const files = await collect(result, `the frontend of plugin ${pluginId}`);
  const module = files.find((file) => file.name.startsWith(`plugin-${pluginId}-`) && file.name.endsWith(".js"));
  if (!module) throw new Error(`building the frontend of plugin ${pluginId} gave no module`);
  return { files, module: module.name };
}
