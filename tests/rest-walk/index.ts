import { authWalk } from "./auth.walk";
import { catalogWalk } from "./catalog.walk";
import { configWalk } from "./config.walk";
import { healthcheckHeartbeatWalk } from "./healthcheck-heartbeat.walk";
import { healthcheckWalk } from "./healthcheck.walk";
import { incidentWalk } from "./incident.walk";
import { maintenanceWalk } from "./maintenance.walk";
import { myfeatureWalk } from "./myfeature.walk";
import { notificationWalk } from "./notification.walk";
import { pluginsWalk } from "./plugins.walk";
import { settingsWalk } from "./settings.walk";
import { statuspageSubscribersWalk } from "./statuspage-subscribers.walk";
import { statuspageWalk } from "./statuspage.walk";
import type { PluginWalk, WalkStep } from "./walk-types";

export { ADMIN } from "./auth.walk";
export type { WalkAnswer, WalkAuth, WalkCall, WalkContext, WalkStep } from "./walk-types";

/** In dependency order: later plugins use what earlier ones made (teams, systems, checks…). */
const walks: PluginWalk[] = [
  authWalk,
  catalogWalk,
  healthcheckWalk,
  healthcheckHeartbeatWalk,
  notificationWalk,
  incidentWalk,
  maintenanceWalk,
  statuspageWalk,
  statuspageSubscribersWalk,
  settingsWalk,
  configWalk,
  myfeatureWalk,
  pluginsWalk,
];

/** Every step of the walk: each plugin's steps in order, then the cleanups in reverse order. */
export function walkSteps(): WalkStep[] {
  return [...walks.flatMap((walk) => walk.steps), ...[...walks].reverse().flatMap((walk) => walk.cleanup ?? [])];
}
