import { accessPair, qualifyAccessRuleId, type AccessRule } from "@checkstack/common";

/** The maintenance plugin's id: schema plugin_maintenance, routes /api/maintenance/, rule prefix "maintenance.". */
export const MAINTENANCE_PLUGIN_ID = "maintenance";

/**
 * Maintenance windows are resources ("maintenance.window") owned by a team
 * through a resource grant, like catalog systems; their occurrences are as
 * visible as the window. Reading is default for signed-in users, never public
 * (the public sees maintenance only on a published status page).
 */
export const maintenanceAccess = {
  window: accessPair(
    "window",
    {
      read: { description: "View maintenance windows and their occurrences", isDefault: true },
      manage: { description: "Schedule, change and cancel maintenance windows" },
    },
    { idParam: "windowId" },
  ),
};

export const maintenanceAccessRuleList: AccessRule[] = [maintenanceAccess.window.read, maintenanceAccess.window.manage];

/** The resource type as the platform stores it, for team grants and team-only settings. */
export const maintenanceResourceType = qualifyAccessRuleId(MAINTENANCE_PLUGIN_ID, maintenanceAccess.window.read.resource);
