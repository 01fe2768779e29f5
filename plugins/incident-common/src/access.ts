import { accessPair, qualifyAccessRuleId, type AccessRule } from "@checkstack/common";

/** The incident plugin's id: schema plugin_incident, routes /api/incident/, rule prefix "incident.". */
export const INCIDENT_PLUGIN_ID = "incident";

/**
 * Incidents are resources ("incident.incident") owned by a team through a
 * resource grant, like catalog systems. Reading is a default rule for
 * signed-in users but never public: the public sees incidents only through a
 * published status page, which reads them as the plugin's service principal
 * and keeps the allow-listed fields. Managing is given out by an admin; an
 * owner team manages its own incidents through its grant.
 */
export const incidentAccess = {
  incident: accessPair(
    "incident",
    {
      read: { description: "View incidents and their timelines", isDefault: true },
      manage: { description: "Open incidents, post updates and resolve them" },
    },
    { idParam: "incidentId" },
  ),
};

export const incidentAccessRuleList: AccessRule[] = [incidentAccess.incident.read, incidentAccess.incident.manage];

/** The resource type as the platform stores it, for team grants and team-only settings. */
export const incidentResourceType = qualifyAccessRuleId(INCIDENT_PLUGIN_ID, incidentAccess.incident.read.resource);
