import { defineHealthCheckStrategy } from "@checkstack/backend-api";
import { HEARTBEAT_STRATEGY_ID } from "@checkstack/healthcheck-heartbeat-common";
import { heartbeatConfigSchema } from "./config";
import type { HeartbeatStore } from "./heartbeat-store";
import { judgeHeartbeat } from "./verdict";

/**
 * The scheduler runs this like any probe, once per interval cluster-wide; the run reads what the job last
 * reported instead of reaching out. Set the check's interval at or below the grace to notice a silence promptly.
 */
export function heartbeatStrategy(store: () => HeartbeatStore) {
  return defineHealthCheckStrategy({
    id: HEARTBEAT_STRATEGY_ID,
    displayName: "Heartbeat (push)",
    description: "A cron job, backup or batch job pings a secret URL; unhealthy when the pings stop or report failure",
    configSchema: heartbeatConfigSchema,
    execute: async (config, context) => {
      if (!context?.run) throw new Error("a heartbeat check is judged by the scheduler, for a check it runs");
      return judgeHeartbeat(await store().state(context.run.checkId), config);
    },
  });
}
