import { createExtensionPoint } from "./extension-point";
import { createHook } from "./hooks";

/** Statuspage's incident lifecycle, in its words. */
export type PublicIncidentStatus = "investigating" | "identified" | "monitoring" | "resolved";

/** How bad an incident is, overall or for one system. */
export type PublicImpact = "none" | "minor" | "major" | "critical";

/** One entry of an incident's or a maintenance's timeline, as the public may read it. */
export interface PublicUpdate {
  id: string;
  /** The status the update moved to (an incident's or a maintenance's). */
  status: string;
  body: string;
  createdAt: Date;
}

/**
 * An incident as a status page shows it: only fields fit for the public (no authors, no internal notes,
 * no team). Systems are named by id; the page maps them to the display names an admin chose.
 */
export interface PublicIncident {
  id: string;
  title: string;
  status: PublicIncidentStatus;
  impact: PublicImpact;
  /** The impact on each affected system. */
  systemImpacts: Readonly<Record<string, PublicImpact>>;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  /** Newest first. */
  updates: readonly PublicUpdate[];
}

/** The state of one maintenance occurrence. */
export type PublicMaintenanceStatus = "scheduled" | "in_progress" | "completed" | "cancelled";

/** One occurrence of a maintenance window as a status page shows it. */
export interface PublicMaintenance {
  /** Stable per occurrence (a recurring window has one per occurrence). */
  id: string;
  title: string;
  description: string;
  status: PublicMaintenanceStatus;
  systemIds: readonly string[];
  scheduledFor: Date;
  scheduledUntil: Date;
  updatedAt: Date;
  /** Newest first. */
  updates: readonly PublicUpdate[];
}

/**
 * Where the incident and maintenance plugins offer what status pages show; owned by the status-page
 * plugin, which asks every registered source. A source answers as its own service principal and returns
 * only what touches the given systems (the systems an admin put on the page).
 */
export interface StatusPageContentSource {
  /** Incidents touching any of the systems, unresolved ones and those resolved since `since`. */
  incidents?(query: { systemIds: readonly string[]; since: Date }): Promise<readonly PublicIncident[]>;
  /** Maintenance occurrences touching any of the systems that end after `from` and start before `to`. */
  maintenances?(query: { systemIds: readonly string[]; from: Date; to: Date }): Promise<readonly PublicMaintenance[]>;
}

/** Incident and maintenance plugins register their StatusPageContentSource here. */
export const statusPageContentExtensionPoint = createExtensionPoint<StatusPageContentSource>("statuspage.content", {
  ownerPluginId: "statuspage",
});

/**
 * Broadcast by any plugin whose change alters what status pages show (an incident update, a maintenance
 * starting, a system's status), so every instance drops its cached pages within a second.
 */
export const statusPageContentChanged = createHook<{ source: string; systemIds: readonly string[] }>("statuspage.content.changed");
