import type { HealthStatus, Thresholds } from "@checkstack/healthcheck-common";

export const DEFAULT_THRESHOLDS: Thresholds = { degradedAfter: 1, unhealthyAfter: 3 };
const MAX_RECENT = 100;

export interface CheckJudgement {
  status: HealthStatus;
  consecutiveFailures: number;
  /** Newest first: "1" healthy, "0" failed. */
  recent: string;
}

/** The state of one (check, system) after one more run. */
export function judge(previous: Pick<CheckJudgement, "consecutiveFailures" | "recent"> | undefined, healthy: boolean, thresholds: Thresholds): CheckJudgement {
  const consecutiveFailures = healthy ? 0 : (previous?.consecutiveFailures ?? 0) + 1;
  const recent = `${healthy ? "1" : "0"}${previous?.recent ?? ""}`.slice(0, MAX_RECENT);
  const window = thresholds.window;
  const windowFailures = window ? [...recent.slice(0, window.size)].filter((bit) => bit === "0").length : 0;
  let status: HealthStatus = "healthy";
  if (consecutiveFailures >= thresholds.unhealthyAfter || (window && windowFailures >= window.unhealthyFailures)) status = "unhealthy";
  else if (consecutiveFailures >= thresholds.degradedAfter) status = "degraded";
  return { status, consecutiveFailures, recent };
}

const SEVERITY: Record<HealthStatus, number> = { unknown: 0, healthy: 1, degraded: 2, unhealthy: 3 };

/** A system is as bad as its worst check; with no judged check it is unknown. */
export function systemStatusOf(checkStatuses: ReadonlyArray<HealthStatus>): HealthStatus {
  return checkStatuses.reduce<HealthStatus>((worst, status) => (SEVERITY[status] > SEVERITY[worst] ? status : worst), "unknown");
}
