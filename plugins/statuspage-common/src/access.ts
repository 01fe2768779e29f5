import { accessPair, qualifyAccessRuleId, type AccessRule } from "@checkstack/common";

/** The status-page plugin's id: schema plugin_statuspage, routes /api/statuspage/ and /status/<slug>. */
export const STATUSPAGE_PLUGIN_ID = "statuspage";

/**
 * Pages are team-scoped resources ("statuspage.page"). Reading a page's configuration is a default rule
 * for signed-in users; what anonymous visitors see is not decided by these rules but by publishing: the
 * public routes show only published pages, and only their allow-listed fields.
 */
export const statuspageAccess = {
  page: accessPair(
    "page",
    {
      read: { description: "View status page configurations (drafts included)", isDefault: true },
      manage: { description: "Create, change, publish and delete status pages" },
    },
    { idParam: "pageId" },
  ),
};

/** Cluster-wide, not per page: the SMTP server subscriber mail goes through (its password included). */
export const subscriberSettingsAccess: AccessRule = {
  id: "subscriberSettings.manage",
  description: "Configure the SMTP server, public address and sign-up limits of status-page subscriptions",
};

export const statuspageAccessRuleList: AccessRule[] = [statuspageAccess.page.read, statuspageAccess.page.manage, subscriberSettingsAccess];

/** The resource type as the platform stores it, for team grants made through access administration. */
export const statuspageResourceTypes = {
  page: qualifyAccessRuleId(STATUSPAGE_PLUGIN_ID, statuspageAccess.page.read.resource),
} as const;
