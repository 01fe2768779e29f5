import { implement } from "@orpc/server";
import { autoAuthMiddleware, type ConfigService, type RpcContext } from "@checkstack/backend-api";
import { healthcheckContract } from "@checkstack/healthcheck-common";
import type { CheckService } from "./check-service";
import { retentionConfig } from "./retention-config";
import type { StatusService } from "./status-service";
import { requireSystemManage } from "./system-access";
import type { SystemDirectory } from "./system-directory";

const os = implement(healthcheckContract).$context<RpcContext>().use(autoAuthMiddleware);

export interface RouterDeps {
  checks: CheckService;
  status: StatusService;
  directory: SystemDirectory;
  config: ConfigService;
  /** A check was created or rescheduled: this instance's scheduler should look now. */
  onScheduleChanged: () => void;
}

export function createHealthcheckRouter(deps: RouterDeps) {
  const scheduled = <T>(value: T): T => {
    deps.onScheduleChanged();
    return value;
  };
  return os.router({
    listStrategies: os.listStrategies.handler(() => deps.checks.listStrategies()),
    listChecks: os.listChecks.handler(({ input }) => deps.checks.list(input.systemId)),
    getCheck: os.getCheck.handler(({ input }) => deps.checks.get(input.checkId)),
    createCheck: os.createCheck.handler(async ({ input, context }) => {
      await requireSystemManage(context, "systemIds", input.systemIds);
      return scheduled(await deps.checks.create(input));
    }),
    updateCheck: os.updateCheck.handler(async ({ input, context }) => {
      await requireSystemManage(context, "systemIds", input.systemIds ?? []);
      return scheduled(await deps.checks.update(input));
    }),
    deleteCheck: os.deleteCheck.handler(({ input }) => deps.checks.delete(input.checkId)),
    getSystemStatus: os.getSystemStatus.handler(({ input, context }) =>
      // Run messages quote URLs and responses: never for anonymous callers, whatever rules they were given.
      deps.status.systemStatus(input.systemId, { runMessages: context.principal.type !== "anonymous" }),
    ),
    getSystemStatuses: os.getSystemStatuses.handler(({ input, context }) =>
      deps.status.systemStatuses(input.systemIds, { runMessages: context.principal.type !== "anonymous" }),
    ),
    listSystemRuns: os.listSystemRuns.handler(({ input }) => deps.status.runsPage(input)),
    getSystemHistory: os.getSystemHistory.handler(({ input }) => deps.status.history(input)),
    getSystemAggregates: os.getSystemAggregates.handler(({ input }) => deps.status.aggregates(input)),
    getAvailability: os.getAvailability.handler(({ input }) => deps.status.availability(input.systemIds)),
    setSystemThresholds: os.setSystemThresholds.handler(async ({ input, context }) => {
      await requireSystemManage(context, "systemId", [input.systemId]);
      await deps.status.setThresholds(input.systemId, input.thresholds);
      return { systemId: input.systemId };
    }),
    getRetention: os.getRetention.handler(async () => retentionConfig.schema.parse((await deps.config.get(retentionConfig)) ?? {})),
    setRetention: os.setRetention.handler(async ({ input }) => {
      await deps.config.set(retentionConfig, input);
      return input;
    }),
    getPublicStatus: os.getPublicStatus.handler(async () => {
      const systems = await deps.directory.visibleSystems();
      const statuses = await deps.status.statuses();
      const availability = new Map(
        (systems.length ? await deps.status.availability(systems.map((system) => system.systemId)) : []).map((entry) => [entry.systemId, entry]),
      );
      return {
        systems: systems.map((system) => ({
          systemId: system.systemId,
          name: system.name,
          status: statuses.get(system.systemId) ?? "unknown",
          availability: availability.get(system.systemId) ?? { systemId: system.systemId, last24h: null, last7d: null, last30d: null, last90d: null },
        })),
        generatedAt: new Date(),
      };
    }),
  });
}
