import { useQuery } from "@tanstack/react-query";
import type { FrontendPlugin } from "@checkstack/frontend-api";
interface ListedFrontend {
  pluginId: string;
  module?: string;
  error?: string;
}

/** The server's listing, checked by hand: the shell carries no schema library. */
function readListing(body: unknown): ListedFrontend[] {
  const plugins = typeof body === "object" && body !== null ? (body as { plugins?: unknown }).plugins : undefined;
  if (!Array.isArray(plugins)) throw new Error("the server's list of frontend plugins is malformed");
  return plugins.flatMap((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return [];
    const { pluginId, module, error } = entry as Record<string, unknown>;
    if (typeof pluginId !== "string") return [];
    return [{ pluginId, ...(typeof module === "string" ? { module } : {}), ...(typeof error === "string" ? { error } : {}) }];
  });
}

export interface LoadedFrontends {
  plugins: FrontendPlugin[];
  /** Plugins whose module failed to build or load, with why. */
  failures: Array<{ pluginId: string; error: string }>;
}

function isFrontendPlugin(value: unknown): value is FrontendPlugin {
  return typeof value === "object" && value !== null && "pluginId" in value && "routes" in value && "navigation" in value;
}

/** Modules already imported, by URL (hashed: a new version has a new URL). */
const imported = new Map<string, Promise<unknown>>();

async function loadFrontends(): Promise<LoadedFrontends> {
  // The server answers no-store; the first request is the one index.html preloads.
  const response = await fetch("/assets/frontend-plugins.json");
  if (!response.ok) throw new Error(`listing frontend plugins failed: HTTP ${response.status}`);
  const listing = { plugins: readListing(await response.json()) };
  const plugins: FrontendPlugin[] = [];
  const failures: LoadedFrontends["failures"] = [];
  await Promise.all(
    listing.plugins.map(async (entry) => {
      if (!entry.module) {
        failures.push({ pluginId: entry.pluginId, error: entry.error ?? "not built" });
        return;
      }
      try {
        let module = imported.get(entry.module);
        if (!module) {
          module = import(/* @vite-ignore */ entry.module);
          imported.set(entry.module, module);
        }
        const exported = ((await module) as { default?: unknown }).default;
        if (!isFrontendPlugin(exported)) throw new Error("its module does not default-export createFrontendPlugin(...)");
        plugins.push(exported);
      } catch (error) {
        imported.delete(entry.module);
        failures.push({ pluginId: entry.pluginId, error: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  plugins.sort((a, b) => a.pluginId.localeCompare(b.pluginId));
  return { plugins, failures };
}

/**
 * The enabled frontend plugins, bundled or installed at runtime alike: asked
 * of the server on load, when the live stream says the cluster's plugins
 * changed (live-bridge.ts), and as a fallback every minute and when the
 * window regains focus, so an installed plugin's pages appear and a removed
 * one's disappear without a reload.
 */
export function useFrontendPlugins() {
  return useQuery({ queryKey: ["shell", "frontend-plugins"], queryFn: loadFrontends, refetchInterval: 60_000, refetchOnWindowFocus: true });
}
