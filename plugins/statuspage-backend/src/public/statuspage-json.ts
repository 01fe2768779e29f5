import type { PublicIncident, PublicMaintenance, PublicUpdate } from "@checkstack/backend-api";
import { overallStatus, type PageSnapshot, type PublicComponent } from "./snapshot";

/**
 * The documents of Atlassian Statuspage's public v2 API (/api/v2/*.json), built from a snapshot, so
 * widgets, chat integrations and monitors that read that API work unchanged. Field names, nesting and
 * enumerations follow Statuspage; only what a snapshot holds (public fields) can appear.
 */

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function pageJson(snapshot: PageSnapshot, baseUrl: string) {
  return {
    id: snapshot.page.id,
    name: snapshot.page.title,
    url: `${baseUrl}/status/${snapshot.page.slug}`,
    time_zone: "Etc/UTC",
    updated_at: iso(latestChange(snapshot)),
  };
}

/** The page changes when its configuration, an incident or a maintenance does. */
function latestChange(snapshot: PageSnapshot): Date {
  const times = [snapshot.page.updatedAt, ...snapshot.incidents.map((i) => i.updatedAt), ...snapshot.maintenances.map((m) => m.updatedAt)];
  return new Date(Math.max(...times.map((time) => time.getTime())));
}

function componentJson(snapshot: PageSnapshot, component: PublicComponent) {
  return {
    id: component.id,
    name: component.name,
    status: component.status,
    created_at: iso(snapshot.page.createdAt),
    updated_at: iso(snapshot.page.updatedAt),
    position: component.position,
    // Statuspage's free-text field carries the dependency a degradation comes from, when there is one.
    description: component.cause,
    showcase: true,
    start_date: null,
    group_id: null,
    page_id: snapshot.page.id,
    group: false,
    only_show_if_degraded: false,
  };
}

const affectedComponents = (snapshot: PageSnapshot, systemIds: readonly string[]) =>
  snapshot.components.filter((component) => component.systemIds.some((id) => systemIds.includes(id)));

function updateJson(update: PublicUpdate, parentKey: "incident_id", parentId: string) {
  return {
    id: update.id,
    status: update.status,
    body: update.body,
    [parentKey]: parentId,
    created_at: iso(update.createdAt),
    updated_at: iso(update.createdAt),
    display_at: iso(update.createdAt),
    affected_components: null,
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

function incidentJson(snapshot: PageSnapshot, incident: PublicIncident, baseUrl: string) {
  const monitoring = incident.updates.filter((update) => update.status === "monitoring").at(-1);
  return {
    id: incident.id,
    name: incident.title,
    status: incident.status,
    created_at: iso(incident.createdAt),
    updated_at: iso(incident.updatedAt),
    monitoring_at: iso(monitoring?.createdAt ?? null),
    resolved_at: iso(incident.resolvedAt),
    impact: incident.impact,
    shortlink: `${baseUrl}/status/${snapshot.page.slug}/history#incident-${incident.id}`,
    started_at: iso(incident.createdAt),
    page_id: snapshot.page.id,
    incident_updates: incident.updates.map((update) => updateJson(update, "incident_id", incident.id)),
    components: affectedComponents(snapshot, Object.keys(incident.systemImpacts)).map((component) => componentJson(snapshot, component)),
  };
}

/** Statuspage says "verifying" where we have none, and has no "cancelled": a cancelled window is "completed". */
const MAINTENANCE_STATUS = { scheduled: "scheduled", in_progress: "in_progress", completed: "completed", cancelled: "completed" } as const;

function maintenanceJson(snapshot: PageSnapshot, maintenance: PublicMaintenance, baseUrl: string) {
  return {
    id: maintenance.id,
    name: maintenance.title,
    status: MAINTENANCE_STATUS[maintenance.status],
    created_at: iso(maintenance.updates.at(-1)?.createdAt ?? maintenance.updatedAt),
    updated_at: iso(maintenance.updatedAt),
    monitoring_at: null,
    resolved_at: maintenance.status === "completed" || maintenance.status === "cancelled" ? iso(maintenance.updatedAt) : null,
    impact: "maintenance",
    shortlink: `${baseUrl}/status/${snapshot.page.slug}#maintenance-${maintenance.id}`,
    started_at: iso(maintenance.scheduledFor),
    page_id: snapshot.page.id,
    incident_updates: (maintenance.updates.length
      ? maintenance.updates
      : [{ id: `${maintenance.id}-scheduled`, status: "scheduled", body: maintenance.description, createdAt: maintenance.updatedAt }]
    ).map((update) => updateJson(update, "incident_id", maintenance.id)),
    components: affectedComponents(snapshot, maintenance.systemIds).map((component) => componentJson(snapshot, component)),
    scheduled_for: iso(maintenance.scheduledFor),
    scheduled_until: iso(maintenance.scheduledUntil),
  };
}

/** The JSON documents under /status/<slug>/api/v2/, by their path after it. */
export const STATUSPAGE_DOCUMENTS = [
  "summary.json",
  "status.json",
  "components.json",
  "incidents.json",
  "incidents/unresolved.json",
  "scheduled-maintenances.json",
  "scheduled-maintenances/upcoming.json",
  "scheduled-maintenances/active.json",
] as const;
export type StatuspageDocument = (typeof STATUSPAGE_DOCUMENTS)[number];

/** Statuspage lists at most 50 incidents (newest first) in incidents.json. */
const INCIDENT_LIMIT = 50;

export function statuspageDocument(document: StatuspageDocument, snapshot: PageSnapshot, baseUrl: string): Record<string, unknown> {
  const page = pageJson(snapshot, baseUrl);
  const components = () => snapshot.components.map((component) => componentJson(snapshot, component));
  const incidents = (list: readonly PublicIncident[]) => list.slice(0, INCIDENT_LIMIT).map((incident) => incidentJson(snapshot, incident, baseUrl));
  const unresolved = snapshot.incidents.filter((incident) => incident.status !== "resolved");
  const maintenances = (list: readonly PublicMaintenance[]) => list.map((maintenance) => maintenanceJson(snapshot, maintenance, baseUrl));
  const active = snapshot.maintenances.filter((m) => m.status === "in_progress");
  const upcoming = snapshot.maintenances.filter((m) => m.status === "scheduled");
  switch (document) {
    case "summary.json":
      return {
        page,
        components: components(),
        incidents: incidents(unresolved),
        scheduled_maintenances: maintenances([...active, ...upcoming]),
        status: overallStatus(snapshot),
      };
    case "status.json":
      return { page, status: overallStatus(snapshot) };
    case "components.json":
      return { page, components: components() };
    case "incidents.json":
      return { page, incidents: incidents(snapshot.incidents) };
    case "incidents/unresolved.json":
      return { page, incidents: incidents(unresolved) };
    case "scheduled-maintenances.json":
      return { page, scheduled_maintenances: maintenances([...snapshot.maintenances].reverse()) };
    case "scheduled-maintenances/upcoming.json":
      return { page, scheduled_maintenances: maintenances(upcoming) };
    case "scheduled-maintenances/active.json":
      return { page, scheduled_maintenances: maintenances(active) };
  }
}
