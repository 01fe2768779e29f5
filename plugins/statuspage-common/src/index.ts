import { definePluginApi, definePluginMetadata } from "@checkstack/common";
import { STATUSPAGE_PLUGIN_ID } from "./access";
import { statuspageContract } from "./contract";

export const pluginMetadata = definePluginMetadata({
  pluginId: STATUSPAGE_PLUGIN_ID,
  displayName: "Status pages",
  description: "Public and internal status pages: HTML, a Statuspage-compatible JSON API, feeds and badges",
});

export const StatuspageApi = definePluginApi({ pluginId: pluginMetadata.pluginId, contract: statuspageContract });

export * from "./access";
export * from "./contract";
export * from "./hooks";
export * from "./schemas";
export * from "./subscribers";
