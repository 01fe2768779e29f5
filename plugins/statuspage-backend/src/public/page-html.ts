import Mustache from "mustache";
import type { PublicIncident, PublicMaintenance } from "@checkstack/backend-api";
import { formatUptime } from "./badges";
import { PAGE_CSS } from "./page-styles";
import { HISTORY_TEMPLATE, STATUS_TEMPLATE } from "./page-templates";
import { overallStatus, type ComponentStatus, type PageSnapshot, type PublicComponent, type UptimeDay } from "./snapshot";

const STATUS_TEXT: Record<ComponentStatus, string> = {
  operational: "Operational",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  under_maintenance: "Under maintenance",
};

/** "Degraded because Database is down" says more than "Degraded performance" when a dependency is the cause. */
const statusText = (component: PublicComponent) =>
  component.cause && component.status === "degraded_performance" ? component.cause : STATUS_TEXT[component.status];

const when = (date: Date) => date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
const MONTH = new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" });

/** A day's bar colour: below 99 % is an outage day, below 99.9 % a partial one, any failure a minor one. */
function dayLevel(day: UptimeDay): string {
  if (day.uptime === null) return "";
  if (day.uptime < 0.99) return "major";
  if (day.uptime < 0.999) return "partial";
  return day.failures > 0 ? "minor" : "ok";
}
const dayTooltip = (day: UptimeDay) =>
  day.uptime === null ? `${day.day}: no data` : `${day.day}: ${formatUptime(day.uptime)} uptime (${day.failures} of ${day.runs} checks failed)`;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

/**
 * A component's 90 bars, each with its tooltip, written directly rather than through Mustache: 100
 * components make 9000 elements, and a rebuild after a change must be quick (the page is stale until it is).
 */
const barsHtml = (days: readonly UptimeDay[]) =>
  days.map((day) => `<span class="bar ${dayLevel(day)}" title="${escapeHtml(dayTooltip(day))}"></span>`).join("");

function head(snapshot: PageSnapshot, subtitle: string) {
  const { page } = snapshot;
  return {
    theme: page.theme,
    colorScheme: page.theme === "auto" ? "light dark" : page.theme,
    pageTitle: subtitle ? `${subtitle} · ${page.title}` : page.title,
    title: page.title,
    description: page.description,
    logoUrl: page.logoUrl,
    accent: page.accentColor,
    css: PAGE_CSS,
    base: `/status/${page.slug}`,
  };
}

function affectedNames(snapshot: PageSnapshot, systemIds: readonly string[]): string {
  return snapshot.components
    .filter((component) => component.systemIds.some((id) => systemIds.includes(id)))
    .map((component) => component.name)
    .join(", ");
}

const incidentView = (snapshot: PageSnapshot) => (incident: PublicIncident) => ({
  anchor: `incident-${incident.id}`,
  title: incident.title,
  impact: incident.impact,
  when: incident.resolvedAt ? `${when(incident.createdAt)} – resolved ${when(incident.resolvedAt)}` : `Since ${when(incident.createdAt)}`,
  affected: affectedNames(snapshot, Object.keys(incident.systemImpacts)),
  updates: incident.updates.map((update) => ({ status: update.status, body: update.body, at: when(update.createdAt) })),
});

const maintenanceView = (snapshot: PageSnapshot) => (maintenance: PublicMaintenance) => ({
  anchor: `maintenance-${maintenance.id}`,
  title: `${maintenance.status === "in_progress" ? "In progress" : "Scheduled"}: ${maintenance.title}`,
  impact: "maintenance",
  when: `${when(maintenance.scheduledFor)} – ${when(maintenance.scheduledUntil)}`,
  affected: affectedNames(snapshot, maintenance.systemIds),
  updates: [
    { status: maintenance.status.replace("_", " "), body: maintenance.description, at: "" },
    ...maintenance.updates.map((update) => ({ status: update.status.replace("_", " "), body: update.body, at: when(update.createdAt) })),
  ],
});

/** /status/<slug>: banner, active incidents, maintenance, sections with 90-day bars, recent incidents. */
export function statusPageHtml(snapshot: PageSnapshot): string {
  const overall = overallStatus(snapshot);
  const sectionTitles = [...new Set(snapshot.components.map((component) => component.sectionTitle))];
  const active = snapshot.incidents.filter((incident) => incident.status !== "resolved");
  const maintenances = snapshot.maintenances.filter((m) => m.status === "in_progress" || m.status === "scheduled");
  return Mustache.render(STATUS_TEMPLATE, {
    ...head(snapshot, ""),
    indicator: overall.indicator,
    bannerText: overall.description,
    hasActiveIncidents: active.length > 0,
    activeIncidents: active.map(incidentView(snapshot)),
    hasMaintenance: maintenances.length > 0,
    maintenances: maintenances.map(maintenanceView(snapshot)),
    sections: sectionTitles.map((title) => ({
      title,
      components: snapshot.components
        .filter((component) => component.sectionTitle === title)
        .map((component) => ({
          id: component.id,
          name: component.name,
          statusClass: component.noData && component.status === "operational" ? "nodata" : component.status,
          statusText: component.noData && component.status === "operational" ? "No data yet" : statusText(component),
          uptimeText: formatUptime(component.uptime),
          bars: barsHtml(component.days),
        })),
    })),
    recentIncidents: snapshot.incidents.filter((incident) => incident.status === "resolved").slice(0, 5).map(incidentView(snapshot)),
  });
}

/** /status/<slug>/history: incidents by month, newest month first, the last three months always listed. */
export function historyPageHtml(snapshot: PageSnapshot): string {
  const months = new Map<string, PublicIncident[]>();
  const now = snapshot.generatedAt;
  for (let back = 0; back < 3; back++) months.set(MONTH.format(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))), []);
  for (const incident of snapshot.incidents) {
    const key = MONTH.format(incident.createdAt);
    months.set(key, [...(months.get(key) ?? []), incident]);
  }
  return Mustache.render(HISTORY_TEMPLATE, {
    ...head(snapshot, "History"),
    months: [...months.entries()].map(([month, incidents]) => ({ month, incidents: incidents.map(incidentView(snapshot)) })),
  });
}
