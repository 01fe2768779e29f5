import { authWalk } from "./auth.walk";
import { catalogWalk } from "./catalog.walk";
import { healthcheckWalk } from "./healthcheck.walk";
import { myfeatureWalk } from "./myfeature.walk";
import { pluginsWalk } from "./plugins.walk";
import { statuspageSubscribersWalk } from "./statuspage-subscribers.walk";
import type { PluginWalk, WalkStep } from "./walk-types";

export { ADMIN } from "./auth.walk";
export type { WalkAnswer, WalkAuth, WalkCall, WalkContext, WalkStep } from "./walk-types";

/** In dependency order: later plugins use what earlier ones made (teams, systems, checks…). */
const walks: PluginWalk[] = [authWalk, catalogWalk, healthcheckWalk, myfeatureWalk, statuspageSubscribersWalk, pluginsWalk];

/** Every step of the walk: each plugin's steps in order, then the cleanups in reverse order. */
export function walkSteps(): WalkStep[] {
  return [...walks.flatMap((walk) => walk.steps), ...[...walks].reverse().flatMap((walk) => walk.cleanup ?? [])];
}
