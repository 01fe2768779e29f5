import { z } from "zod";
import type { ConfigService, QueueService } from "@checkstack/backend-api";
import { pruneResults, refreshRollups } from "./results/maintenance";
import { retentionConfig } from "./retention-config";
import type { HealthcheckDatabase } from "./scheduler/claim";

const MAINTENANCE_QUEUE = "maintenance";
const MaintenanceJob = z.object({ task: z.enum(["rollups", "retention"]) });

/**
 * Rollups every minute and retention every ten, as recurring jobs: one
 * instance runs each tick, one task at a time, retried twice if it fails.
 */
export async function scheduleMaintenance(deps: { database: HealthcheckDatabase; queue: QueueService; config: ConfigService }): Promise<void> {
  const { database, queue, config } = deps;
  await queue.consume(
    MAINTENANCE_QUEUE,
    async (job) => {
      const { task } = MaintenanceJob.parse(job.data);
      if (task === "rollups") await refreshRollups(database);
      else await pruneResults(database, retentionConfig.schema.parse((await config.get(retentionConfig)) ?? {}));
    },
    { concurrency: 1, maxRetries: 2, timeoutSeconds: 300 },
  );
  await queue.scheduleRecurring("rollups", MAINTENANCE_QUEUE, { everySeconds: 60 }, { task: "rollups" });
  await queue.scheduleRecurring("retention", MAINTENANCE_QUEUE, { everySeconds: 600 }, { task: "retention" });
}
