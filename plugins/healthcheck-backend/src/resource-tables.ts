import type { RegistrationEnv } from "@checkstack/backend-api";
import { CATALOG_PLUGIN_ID, catalogAccess } from "@checkstack/catalog-common";
import { healthcheckAccess } from "@checkstack/healthcheck-common";
import * as schema from "./schema";

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

/** Row security on the plugin's tables, and the telemetry tables kept out of the audit trail. */
export function registerHealthcheckTables(env: RegistrationEnv): void {
  env.registerResourceTable({ table: schema.checks, access: healthcheckAccess.check });
  // Health data of a system is exactly as visible as the system: read with catalog.system.read on it
  // (team-only systems only for their teams), attach checks or set thresholds with catalog.system.manage.
  for (const table of systemKeyedTables) {
    env.registerResourceTable({ table, access: catalogAccess.system, idColumn: "system_id", resourcePluginId: CATALOG_PLUGIN_ID });
  }
  for (const table of [schema.schedule, schema.runs, schema.checkState, schema.rollupsHourly, schema.rollupsDaily]) {
    env.excludeFromAudit(table, "check telemetry: thousands of rows a second, recording measurements, not anyone's actions");
  }
}
