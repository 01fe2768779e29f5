import type { AnyContractRouter } from "@orpc/contract";
import { z } from "zod";

/** Ids the platform's own paths use after /api/ (REST under /api/v1, the API reference at /api/docs). */
export const RESERVED_PLUGIN_IDS: ReadonlySet<string> = new Set(["v1", "docs"]);

/** Plugin ids become schema names, URL segments and rule prefixes, so they are kept to a safe alphabet. */
export const pluginIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "plugin ids are kebab-case: lowercase letters, digits and single dashes")
  .max(48)
  .refine((id) => !RESERVED_PLUGIN_IDS.has(id), { message: "plugin ids v1 and docs are reserved for the platform's /api/v1 and /api/docs" });

/** A plugin's identity, shared by its backend and -common packages. */
export interface PluginMetadata {
  pluginId: string;
  displayName?: string;
  description?: string;
}

/** Checks the plugin id (kebab-case, at most 48 characters) and returns the metadata unchanged, literal types kept. */
export function definePluginMetadata<const M extends PluginMetadata>(metadata: M): M {
  pluginIdSchema.parse(metadata.pluginId);
  return metadata;
}

/** What another plugin needs to call this plugin in-process: its id and its contract. */
export interface PluginApi<C extends AnyContractRouter = AnyContractRouter> {
  pluginId: string;
  contract: C;
}

/** What a -common package exports so other plugins can call it with rpcClient.forPlugin(). */
export function definePluginApi<C extends AnyContractRouter>(api: { pluginId: string; contract: C }): PluginApi<C> {
  pluginIdSchema.parse(api.pluginId);
  return api;
}
