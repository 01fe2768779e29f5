import { definePluginApi, definePluginMetadata } from "@checkstack/common";
import { CATALOG_PLUGIN_ID } from "./access";
import { catalogContract } from "./contract";

export const pluginMetadata = definePluginMetadata({
  pluginId: CATALOG_PLUGIN_ID,
  displayName: "Catalog",
  description: "The systems being monitored, their owners and links, and the groups they are shown in",
});

export const CatalogApi = definePluginApi({ pluginId: pluginMetadata.pluginId, contract: catalogContract });

export * from "./access";
export * from "./contract";
export * from "./hooks";
export * from "./schemas";
