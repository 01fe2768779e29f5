import { useLiveEvents } from "@checkstack/frontend-api";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { healthcheckApi, type HealthStatus } from "./api";
import { DASHBOARD_KEY, type DashboardData } from "./catalog-data";

/** Stream event names published by the health-check backend (plugins/healthcheck-backend/src/live-events.ts). */
export const LIVE_SYSTEM_STATUS = "healthcheck.system.status";
export const LIVE_RUN = "healthcheck.run";

const STATUSES = new Set<string>(["healthy", "degraded", "unhealthy", "unknown"]);

/** A status change as the stream carries it; anything else is ignored. */
function readTransition(data: unknown): { systemId: string; status: HealthStatus; at: Date } | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const { systemId, status, at } = data as Record<string, unknown>;
  if (typeof systemId !== "string" || typeof status !== "string" || !STATUSES.has(status)) return undefined;
  const when = typeof at === "string" ? new Date(at) : new Date();
  return { systemId, status: status as HealthStatus, at: Number.isNaN(when.getTime()) ? new Date() : when };
}

function systemIdOf(data: unknown): string | undefined {
  const systemId = typeof data === "object" && data !== null ? (data as { systemId?: unknown }).systemId : undefined;
  return typeof systemId === "string" ? systemId : undefined;
}

/**
 * Keeps the dashboard current from the live stream: a status change is
 * written into the cached dashboard in place (one tile re-renders, nothing is
 * fetched); a system the cache does not know yet makes it reload. Events are
 * only applied while the dashboard is shown, so leaving it marks its cached
 * data stale: coming back refetches what changed meanwhile.
 */
export function useDashboardLiveUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => () => void queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY, refetchType: "none" }), [queryClient]);
  useLiveEvents([LIVE_SYSTEM_STATUS], ({ data }) => {
    const transition = readTransition(data);
    if (!transition) return;
    let unknownSystem = false;
    queryClient.setQueriesData<DashboardData>({ queryKey: DASHBOARD_KEY }, (old) => {
      if (!old) return old;
      const index = old.systems.findIndex((system) => system.id === transition.systemId);
      if (index < 0) {
        unknownSystem = true;
        return old;
      }
      const systems = [...old.systems];
      const current = systems[index];
      if (!current) return old;
      systems[index] = { ...current, status: transition.status, since: transition.at };
      return { ...old, systems };
    });
    if (unknownSystem) void queryClient.invalidateQueries({ queryKey: DASHBOARD_KEY });
  });
}

/**
 * Keeps one system's page current: its status, check states and availability
 * on a status change; its runs and check states on each new run of it. Like
 * the dashboard, its cached data turns stale when the page is left.
 */
export function useSystemLiveUpdates(systemId: string): void {
  const queryClient = useQueryClient();
  useEffect(
    () => () => {
      void queryClient.invalidateQueries({ queryKey: healthcheckApi.utils.getSystemStatus.key({ input: { systemId } }), refetchType: "none" });
      void queryClient.invalidateQueries({ queryKey: healthcheckApi.utils.listSystemRuns.key(), refetchType: "none" });
      void queryClient.invalidateQueries({ queryKey: healthcheckApi.utils.getAvailability.key(), refetchType: "none" });
    },
    [queryClient, systemId],
  );
  useLiveEvents([LIVE_SYSTEM_STATUS, LIVE_RUN], ({ name, data }) => {
    if (systemIdOf(data) !== systemId) return;
    void queryClient.invalidateQueries({ queryKey: healthcheckApi.utils.getSystemStatus.key({ input: { systemId } }) });
    if (name === LIVE_RUN) void queryClient.invalidateQueries({ queryKey: healthcheckApi.utils.listSystemRuns.key() });
    else void queryClient.invalidateQueries({ queryKey: healthcheckApi.utils.getAvailability.key() });
  });
}
