import { definePluginApi, definePluginMetadata } from "@checkstack/common";
import { INCIDENT_PLUGIN_ID } from "./access";
import { incidentContract } from "./contract";

export const pluginMetadata = definePluginMetadata({
  pluginId: INCIDENT_PLUGIN_ID,
  displayName: "Incidents",
  description: "Incidents with their impact on systems and a timeline of updates, for status pages and notifications",
});

export const IncidentApi = definePluginApi({ pluginId: pluginMetadata.pluginId, contract: incidentContract });

export * from "./access";
export * from "./contract";
export * from "./hooks";
export * from "./schemas";
