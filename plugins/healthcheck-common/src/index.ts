import { definePluginApi, definePluginMetadata } from "@checkstack/common";
import { healthcheckContract } from "./contract";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck",
  displayName: "Health checks",
  description: "Runs checks against systems across the cluster and keeps their results, status and availability",
});

export const HealthcheckApi = definePluginApi({ pluginId: pluginMetadata.pluginId, contract: healthcheckContract });

export * from "./access";
export * from "./assertions";
export * from "./contract";
export * from "./hooks";
export * from "./schemas";
