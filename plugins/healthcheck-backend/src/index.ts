import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { coreServices, createBackendPlugin, healthCheckExtensionPoint, type EmitHook } from "@checkstack/backend-api";
import { CATALOG_PLUGIN_ID, catalogAccess } from "@checkstack/catalog-common";
import { healthcheckAccess, healthcheckAccessRules, pluginMetadata } from "@checkstack/healthcheck-common";
import { CheckService } from "./check-service";
import { pruneResults, refreshRollups } from "./results/maintenance";
import { ResultWriter } from "./results/result-writer";
import { retentionConfig } from "./retention-config";
import { createHealthcheckRouter } from "./router";
import { CheckScheduler } from "./scheduler/check-scheduler";
import * as schema from "./schema";
import { StatusService } from "./status-service";
import { createSystemDirectory } from "./system-directory";

/** Every table keyed by a catalog system. */
const systemKeyedTables = [
  schema.checkSystems,
  schema.schedule,
  schema.runs,
  schema.checkState,
  schema.systemStatus,
  schema.systemThresholds,
  schema.rollupsHourly,
  schema.rollupsDaily,
];

const MAINTENANCE_QUEUE = "maintenance";
const MaintenanceJob = z.object({ task: z.enum(["rollups", "retention"]) });

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerAccessRules(healthcheckAccessRules);
    env.registerResourceTable({ table: schema.checks, access: healthcheckAccess.check });
    // Health data of a system is exactly as visible as the system: read with catalog.system.read on it
    // (team-only systems only for their teams), attach checks or set thresholds with catalog.system.manage.
    for (const table of systemKeyedTables) {
      env.registerResourceTable({ table, access: catalogAccess.system, idColumn: "system_id", resourcePluginId: CATALOG_PLUGIN_ID });
    }
    for (const table of [schema.schedule, schema.runs, schema.checkState, schema.rollupsHourly, schema.rollupsDaily]) {
      env.excludeFromAudit(table, "check telemetry: thousands of rows a second, recording measurements, not anyone's actions");
    }
    const strategies = env.getExtensionPoint(healthCheckExtensionPoint);
    let scheduler: CheckScheduler | undefined;
    let emitHook: EmitHook | undefined;
    const instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;

    env.registerInit({
      schema,
      deps: {
        rpc: coreServices.rpc,
        rpcClient: coreServices.rpcClient,
        logger: coreServices.logger,
        secrets: coreServices.secrets,
        config: coreServices.config,
        queue: coreServices.queue,
      },
      init: async ({ database, rpc, rpcClient, logger, secrets, config }) => {
        const checks = new CheckService(database, strategies, secrets);
        const status = new StatusService(database);
        const writer = new ResultWriter({ database, instanceId, emitHook: () => emitHook, logger });
        scheduler = new CheckScheduler(
          database,
          { strategy: (id) => checks.strategy(id), openConfig: (sealed, checkId) => checks.openConfig(sealed, checkId), logger },
          writer,
          { instanceId, concurrency: 500, idleMs: 500 },
          logger,
        );
        rpc.registerRouter(
          createHealthcheckRouter({ checks, status, directory: createSystemDirectory(rpcClient), config, onScheduleChanged: () => scheduler?.wake() }),
        );
      },
      afterPluginsReady: async ({ database, queue, config, emitHook: emit }) => {
        emitHook = emit;
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
        scheduler?.start();
      },
    });
    env.registerCleanup(async () => {
      await scheduler?.stop();
    });
  },
});

export { CheckScheduler } from "./scheduler/check-scheduler";
