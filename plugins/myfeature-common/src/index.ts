import { definePluginApi, definePluginMetadata } from "@checkstack/common";
import { myFeatureContract } from "./contract";

export const pluginMetadata = definePluginMetadata({
  pluginId: "myfeature",
  displayName: "My Feature",
  description: "The example plugin from the backend plugin guide",
});

export const MyFeatureApi = definePluginApi({ pluginId: pluginMetadata.pluginId, contract: myFeatureContract });

export * from "./access";
export * from "./contract";
export * from "./schemas";
