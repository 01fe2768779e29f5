import { definePluginApi, definePluginMetadata } from "@checkstack/common";
import { heartbeatContract } from "./contract";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-heartbeat",
  displayName: "Heartbeat health checks",
  description: "Push monitoring: a job pings its URL, and the check turns unhealthy when the pings stop",
});

export const HeartbeatApi = definePluginApi({ pluginId: pluginMetadata.pluginId, contract: heartbeatContract });

/** The strategy id, as healthcheck/listStrategies lists it. */
export const HEARTBEAT_STRATEGY_ID = "heartbeat";

/** Where jobs report: `${PING_PATH_PREFIX}/<token>` (and `/fail`, `/start` after it). */
export const PING_PATH_PREFIX = "/api/v1/heartbeat";

export * from "./access";
export * from "./contract";
export * from "./schemas";
