import { definePluginApi, definePluginMetadata } from "@checkstack/common";
import { MAINTENANCE_PLUGIN_ID } from "./access";
import { maintenanceContract } from "./contract";

export const pluginMetadata = definePluginMetadata({
  pluginId: MAINTENANCE_PLUGIN_ID,
  displayName: "Maintenance",
  description: "Scheduled and recurring maintenance windows: status pages show them, alerting suppresses alerts of their systems",
});

export const MaintenanceApi = definePluginApi({ pluginId: pluginMetadata.pluginId, contract: maintenanceContract });

export * from "./access";
export * from "./contract";
export * from "./hooks";
export * from "./recurrence";
export * from "./schemas";
export * from "./service";
