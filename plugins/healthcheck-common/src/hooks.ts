import { createHook } from "@checkstack/backend-api";
import type { HealthStatus } from "./schemas";

export interface SystemTransition {
  systemId: string;
  previous: HealthStatus;
  status: HealthStatus;
  at: string;
}

/** One recorded run, as announced: enough for a screen to show it without a round trip. */
export interface RecordedRun {
  id: number;
  checkId: string;
  systemId: string;
  healthy: boolean;
  startedAt: string;
  durationMs: number;
  /** The failure reason (or success note), cut to RECORDED_RUN_MESSAGE_MAX characters. */
  message: string | null;
}

/** How much of a run's message travels in the hook; the full message is in the run's row. */
export const RECORDED_RUN_MESSAGE_MAX = 500;

/** Runs committed by one write batch of one instance (emitted in that transaction, once per batch). */
export interface RunsRecorded {
  runs: RecordedRun[];
}

/** A system's status changed: emitted once cluster-wide per change, in the transaction that recorded it. */
export const healthcheckHooks = {
  systemHealthy: createHook<SystemTransition>("healthcheck.system.healthy"),
  systemDegraded: createHook<SystemTransition>("healthcheck.system.degraded"),
  systemUnhealthy: createHook<SystemTransition>("healthcheck.system.unhealthy"),
  /** New runs were recorded: one event per write batch (about every 100 ms per busy instance), not per run. */
  runsRecorded: createHook<RunsRecorded>("healthcheck.runs.recorded"),
} as const;
