import { accessPair, qualifyAccessRuleId, type AccessRule } from "@checkstack/common";

/** The notification plugin's id: schema plugin_notification, routes /api/notification/, rule prefix "notification.". */
export const NOTIFICATION_PLUGIN_ID = "notification";

/**
 * Channels and alert rules are team-scoped resources (grants, team-only) like catalog systems.
 * Alerts are as visible as their system (row security on system_id); alert.read lets a user see
 * the alert pages at all, alert.manage acknowledge and silence.
 */
export const notificationAccess = {
  channel: accessPair(
    "channel",
    {
      read: { description: "See notification channels and their delivery log", isDefault: true },
      manage: { description: "Create, change, test and delete notification channels, and retry their deliveries" },
    },
    { idParam: "channelId" },
  ),
  rule: accessPair(
    "rule",
    {
      read: { description: "See alert rules", isDefault: true },
      manage: { description: "Create, change and delete alert rules" },
    },
    { idParam: "ruleId" },
  ),
  alertRead: { id: "alert.read", description: "See alerts and their timelines", isDefault: true },
  alertManage: { id: "alert.manage", description: "Acknowledge alerts and silence systems, groups or rules" },
} as const;

export const notificationAccessRules: AccessRule[] = [
  notificationAccess.channel.read,
  notificationAccess.channel.manage,
  notificationAccess.rule.read,
  notificationAccess.rule.manage,
  notificationAccess.alertRead,
  notificationAccess.alertManage,
];

/** Resource types as the platform stores them, for team grants made through access administration. */
export const notificationResourceTypes = {
  channel: qualifyAccessRuleId(NOTIFICATION_PLUGIN_ID, notificationAccess.channel.read.resource),
  rule: qualifyAccessRuleId(NOTIFICATION_PLUGIN_ID, notificationAccess.rule.read.resource),
} as const;
