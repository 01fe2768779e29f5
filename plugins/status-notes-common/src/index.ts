import { definePluginApi, definePluginMetadata } from "@checkstack/common";
import { statusNotesContract } from "./contract";

export const pluginMetadata = definePluginMetadata({
  pluginId: "status-notes",
  displayName: "Status Notes",
  description: "Notes on status",
});

/** What other plugins hand to rpcClient.forPlugin() to call this one in-process. */
export const StatusNotesApi = definePluginApi({ pluginId: pluginMetadata.pluginId, contract: statusNotesContract });

export * from "./access";
export * from "./contract";
export * from "./schemas";
