import type { z } from "zod";
import type { AnyContractRouter, ContractRouterClient } from "@orpc/contract";
import type { PluginApi } from "@checkstack/common";
import { UnavailableError } from "./errors";
import { createExtensionPoint } from "./extension-point";
import type { RpcClient } from "./rpc-service";

/** The plugin id of the platform's built-in "config" plugin, owner of the config-section extension point. */
export const CONFIG_PLUGIN_ID = "config";

/** One existing resource as a section exports it: its database id and its item exactly as the file writes it. */
export interface ConfigResource<TItem> {
  id: string;
  item: TItem;
}

/**
 * Names and ids of the resources of every section applied so far (or exported so far), so a section
 * writes references by name in the file and by id in the database.
 */
export interface ConfigReferences {
  /**
   * The id of the resource called `name` in `section`; when there is none, throws an InputError at
   * `path` (the referring field within the item, e.g. "systems.2").
   */
  idOf(section: string, name: string, path?: string): string;
  /** The name of the resource with `id` in `section`, or undefined when it has none (or is not visible). */
  nameOf(section: string, id: string): string | undefined;
}

/** One step of a plan: a resource to create, to change (with what it was), or to delete. */
export type ConfigChange<TItem> =
  | { action: "create"; name: string; item: TItem }
  | { action: "update"; name: string; id: string; item: TItem; before: TItem }
  | { action: "delete"; name: string; id: string; before: TItem };

/**
 * One top-level section of checkstack.yaml (`teams`, `systems`, `checks`, …), contributed by the
 * plugin that owns its resources. Items are identified by their `name` field (or the field `key`
 * names, e.g. a status page's `slug`); references to other sections' resources are names too
 * (listed in `references`, applied before this section).
 *
 * The config plugin validates every item with `schema`, exports the current resources, plans by
 * name (create what is missing, update what differs, delete on prune) and calls `apply` once per
 * change, all inside the request's one transaction: a section does its writes through its plugin's
 * database or its own procedures called in-process as the caller, which join that transaction.
 */
export interface ConfigSection<TItem extends object = object> {
  /** The key in the file, e.g. "checks". */
  name: string;
  /**
   * The string field that identifies an item within the section and names it in plans and
   * references; "name" when left out. A section whose file format has no `name` (status pages are
   * known by their `slug`) names another one.
   */
  key?: keyof TItem & string;
  /** One item as the file writes it; its output is the normal form `export` produces too. */
  schema: z.ZodType<TItem>;
  /** Sections whose names this section's items refer to (their creates run first, their deletes last). */
  references?: readonly string[];
  /**
   * Brings a valid item to the normal form `export` writes (a strategy's defaults filled in, say),
   * so an unchanged file plans no change; throws an InputError with paths relative to the item.
   */
  normalize?(item: TItem): Promise<TItem>;
  /** Every resource of the section the caller can see, as normal-form items. Secret values read as "********". */
  export(references: ConfigReferences): Promise<ReadonlyArray<ConfigResource<TItem>>>;
  /** Carries out one change; a create returns the new resource's id. */
  apply(change: ConfigChange<TItem>, references: ConfigReferences): Promise<{ id: string } | undefined>;
}

/** Plugins register their ConfigSections here; owned by the built-in "config" plugin. */
export const configSectionExtensionPoint = createExtensionPoint<ConfigSection>("config.sections", { ownerPluginId: CONFIG_PLUGIN_ID });

/**
 * Types a section by its item and erases the item type for registration: the config plugin only
 * hands `apply` items that `schema` produced.
 */
export function defineConfigSection<TItem extends object>(section: ConfigSection<TItem>): ConfigSection {
  return section as unknown as ConfigSection;
}

/**
 * For a section registered in register() (phase 1) whose plugin gets its rpcClient in init: a client
 * of `api` acting as the caller of the apply, or an UnavailableError while the plugin is not initialised.
 */
export function callerClient<C extends AnyContractRouter>(rpcClient: RpcClient | undefined, api: PluginApi<C>): ContractRouterClient<C> {
  if (!rpcClient) throw new UnavailableError(`the ${api.pluginId} plugin is still starting; try again`);
  return rpcClient.forPlugin(api, { actAs: "caller" });
}
