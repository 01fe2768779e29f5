import { createHash } from "node:crypto";
import type { PublicImpact, PublicIncident, PublicMaintenance } from "@checkstack/backend-api";
import type { HealthStatus } from "@checkstack/healthcheck-common";
import type { Page } from "@checkstack/statuspage-common";

/** Statuspage's component statuses, worst last. */
export const COMPONENT_STATUSES = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

/** One UTC day of a component's uptime bar; null uptime is a day without runs. */
export interface UptimeDay {
  day: string;
  uptime: number | null;
  runs: number;
  failures: number;
}

/** A section entry as the public sees it: display name only, never the catalog's name or ids. */
export interface PublicComponent {
  /** Stable per page and system/group, and says nothing about the catalog id it stands for. */
  id: string;
  name: string;
  sectionTitle: string;
  position: number;
  status: ComponentStatus;
  /** No check has reported yet: shown as "no data" on the page (Statuspage has no such status). */
  noData: boolean;
  days: UptimeDay[];
  /** Share of healthy runs over the days shown, or null without runs. */
  uptime: number | null;
  systemIds: readonly string[];
  /**
   * Why the component is degraded when its own checks pass but something it depends on does not, e.g.
   * "Degraded because Database is down"; names only what this page shows, otherwise "a dependency".
   */
  cause: string | null;
}

/** Everything the public renderings of one page are made from, built once per change. */
export interface PageSnapshot {
  page: Pick<Page, "id" | "slug" | "title" | "description" | "logoUrl" | "accentColor" | "theme" | "visibility" | "updatedAt" | "createdAt">;
  components: PublicComponent[];
  incidents: PublicIncident[];
  maintenances: PublicMaintenance[];
  generatedAt: Date;
}

export const publicComponentId = (pageId: string, kind: string, refId: string): string =>
  createHash("sha256").update(`${pageId}:${kind}:${refId}`).digest("hex").slice(0, 12);

const LIVE: Record<HealthStatus, ComponentStatus> = {
  healthy: "operational",
  degraded: "degraded_performance",
  unhealthy: "major_outage",
  unknown: "operational",
};
const FROM_IMPACT: Record<PublicImpact, ComponentStatus> = {
  none: "operational",
  minor: "degraded_performance",
  major: "partial_outage",
  critical: "major_outage",
};

const rank = (status: ComponentStatus) => COMPONENT_STATUSES.indexOf(status);
export const worst = (statuses: readonly ComponentStatus[]): ComponentStatus =>
  statuses.reduce<ComponentStatus>((a, b) => (rank(b) > rank(a) ? b : a), "operational");

/** Systems each system depends on, transitively, as the catalog walks them (depth 1 is direct). */
export type UpstreamMap = ReadonlyMap<string, ReadonlyArray<{ systemId: string; depth: number }>>;

/**
 * The nearest upstream of `systemIds` that is down (unhealthy) or degraded, named by its public display
 * name on this page when it has one (`publicName`), never by its catalog name: a system that is not on
 * the page is "a dependency". Null when every upstream is healthy or unknown.
 */
export function dependencyCause(input: {
  systemIds: readonly string[];
  live: ReadonlyMap<string, HealthStatus>;
  upstream: UpstreamMap;
  publicName: (systemId: string) => string | undefined;
}): string | null {
  const failing = input.systemIds
    .flatMap((id) => input.upstream.get(id) ?? [])
    .filter((up) => !input.systemIds.includes(up.systemId))
    .map((up) => ({ ...up, health: input.live.get(up.systemId) ?? "unknown", name: input.publicName(up.systemId) }))
    .filter((up) => up.health === "unhealthy" || up.health === "degraded")
    // Nearest first; a down upstream before a degraded one; a named one before an unnamed one.
    .sort((a, b) => a.depth - b.depth || Number(a.health === "degraded") - Number(b.health === "degraded") || Number(a.name === undefined) - Number(b.name === undefined));
  const first = failing[0];
  if (!first) return null;
  return `Degraded because ${first.name ?? "a dependency"} is ${first.health === "unhealthy" ? "down" : "degraded"}`;
}

/**
 * A component's status: maintenance in progress wins, then the worst of the live health of its systems
 * (a group with some systems down is a partial outage), the impact unresolved incidents give it, and
 * degraded performance when its own checks pass but an upstream's fail (`dependencyDegraded`).
 */
export function componentStatus(input: {
  systemIds: readonly string[];
  live: ReadonlyMap<string, HealthStatus>;
  incidents: readonly PublicIncident[];
  maintenances: readonly PublicMaintenance[];
  dependencyDegraded?: boolean;
}): ComponentStatus {
  const touches = (ids: readonly string[]) => ids.some((id) => input.systemIds.includes(id));
  if (input.maintenances.some((m) => m.status === "in_progress" && touches(m.systemIds))) return "under_maintenance";
  const live = input.systemIds.map((id) => LIVE[input.live.get(id) ?? "unknown"]);
  const down = live.filter((status) => status === "major_outage").length;
  const ownStatus = down > 0 && down < live.length ? "partial_outage" : worst(live);
  const liveStatus = input.dependencyDegraded ? worst([ownStatus, "degraded_performance"]) : ownStatus;
  const impacts = input.incidents
    .filter((incident) => incident.status !== "resolved")
    .flatMap((incident) => input.systemIds.flatMap((id) => (incident.systemImpacts[id] ? [FROM_IMPACT[incident.systemImpacts[id]]] : [])));
  return worst([liveStatus, ...impacts]);
}

/** Statuspage's page indicator and its wording. */
export type Indicator = "none" | "minor" | "major" | "critical" | "maintenance";

/** The banner: maintenance in progress first, then the worst unresolved incident, then live status. */
export function overallStatus(snapshot: Pick<PageSnapshot, "components" | "incidents" | "maintenances">): { indicator: Indicator; description: string } {
  if (snapshot.maintenances.some((m) => m.status === "in_progress")) return { indicator: "maintenance", description: "Service Under Maintenance" };
  const open = snapshot.incidents.filter((incident) => incident.status !== "resolved");
  const impacts: PublicImpact[] = ["none", "minor", "major", "critical"];
  const incidentImpact = open.reduce((a, b) => (impacts.indexOf(b.impact) > impacts.indexOf(a) ? b.impact : a), "none" as PublicImpact);
  if (incidentImpact === "critical") return { indicator: "critical", description: "Major System Outage" };
  if (incidentImpact === "major") return { indicator: "major", description: "Partial System Outage" };
  if (incidentImpact === "minor") return { indicator: "minor", description: "Minor Service Outage" };
  const live = worst(snapshot.components.map((component) => component.status));
  if (live === "major_outage") return { indicator: "critical", description: "Major System Outage" };
  if (live === "partial_outage") return { indicator: "major", description: "Partial System Outage" };
  if (live === "degraded_performance") return { indicator: "minor", description: "Minor Service Outage" };
  if (open.length > 0) return { indicator: "minor", description: "Minor Service Outage" };
  return { indicator: "none", description: "All Systems Operational" };
}
