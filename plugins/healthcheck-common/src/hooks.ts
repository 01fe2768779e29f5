import { createHook } from "@checkstack/backend-api";
import type { HealthStatus } from "./schemas";

export interface SystemTransition {
  systemId: string;
  previous: HealthStatus;
  status: HealthStatus;
  at: string;
}

/** A system's status changed: emitted once cluster-wide per change, in the transaction that recorded it. */
export const healthcheckHooks = {
  systemHealthy: createHook<SystemTransition>("healthcheck.system.healthy"),
  systemDegraded: createHook<SystemTransition>("healthcheck.system.degraded"),
  systemUnhealthy: createHook<SystemTransition>("healthcheck.system.unhealthy"),
} as const;
