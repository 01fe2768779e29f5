import type { LiveAudience, LiveEventsService } from "@checkstack/backend-api";
import { catalogAccess, catalogResourceTypes, CATALOG_PLUGIN_ID } from "@checkstack/catalog-common";
import { qualifyAccessRuleId } from "@checkstack/common";
import { healthcheckAccess, healthcheckHooks, pluginMetadata, type SystemTransition } from "@checkstack/healthcheck-common";

/** Stream event names (GET /api/live), a contract with the web application. */
export const LIVE_SYSTEM_STATUS = "healthcheck.system.status";
export const LIVE_RUN = "healthcheck.run";

const READ_SYSTEM = qualifyAccessRuleId(CATALOG_PLUGIN_ID, catalogAccess.system.read.id);
const READ_STATUS = qualifyAccessRuleId(pluginMetadata.pluginId, healthcheckAccess.statusRead.id);
const READ_CHECK = qualifyAccessRuleId(pluginMetadata.pluginId, healthcheckAccess.check.read.id);
const CHECK_TYPE = qualifyAccessRuleId(pluginMetadata.pluginId, healthcheckAccess.check.read.resource);

const systemAudience = (systemId: string): LiveAudience => ({ rule: READ_SYSTEM, resource: { type: catalogResourceTypes.system, id: systemId } });

/**
 * What browsers see live: a system's status change (to whoever may read the
 * system and its status) and each recorded run (to whoever may read the
 * system and the check).
 */
export function publishLiveEvents(live: LiveEventsService): void {
  const status = (transition: SystemTransition) => [
    { name: LIVE_SYSTEM_STATUS, data: transition, audience: [systemAudience(transition.systemId), { rule: READ_STATUS }] },
  ];
  for (const hook of [healthcheckHooks.systemHealthy, healthcheckHooks.systemDegraded, healthcheckHooks.systemUnhealthy]) {
    live.publish({ hook, toEvents: status });
  }
  live.publish({
    hook: healthcheckHooks.runsRecorded,
    toEvents: ({ runs }) =>
      runs.map((run) => ({
        name: LIVE_RUN,
        data: run,
        audience: [systemAudience(run.systemId), { rule: READ_CHECK, resource: { type: CHECK_TYPE, id: run.checkId } }],
      })),
  });
}
