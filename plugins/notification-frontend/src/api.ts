import { createContractApi } from "@checkstack/frontend-api";
import { contractOperations } from "@checkstack/frontend-api/macros" with { type: "macro" };
import type { notificationContract } from "@checkstack/notification-common/contract";
import type { catalogContract } from "@checkstack/catalog-common/contract";
import type { authContract } from "@checkstack/auth-common/contract";

/** Every call of the alerting pages goes through these clients: a renamed procedure changes here only. */
export const notificationApi = createContractApi<typeof notificationContract>(
  "notification",
  contractOperations("@checkstack/notification-common/contract", "notificationContract"),
);
/** Systems and groups, to choose what a rule covers and what a silence mutes. */
export const catalogApi = createContractApi<typeof catalogContract>("catalog", contractOperations("@checkstack/catalog-common/contract", "catalogContract"));
/** Teams, to choose a rule's teams and a channel's owner team. */
export const authApi = createContractApi<typeof authContract>("auth", contractOperations("@checkstack/auth-common/contract", "authContract"));

export const rules = {
  channelRead: "notification.channel.read",
  channelManage: "notification.channel.manage",
  ruleRead: "notification.rule.read",
  ruleManage: "notification.rule.manage",
  alertRead: "notification.alert.read",
  alertManage: "notification.alert.manage",
  systemRead: "catalog.system.read",
  groupRead: "catalog.group.read",
  teamRead: "auth.team.read",
} as const;

/** Where the pages live; one place so links and routes agree. */
export const paths = {
  alerts: "/notifications/alerts",
  alert: (alertId: string) => `/notifications/alerts/${alertId}`,
  rules: "/notifications/rules",
  newRule: "/notifications/rules/new",
  rule: (ruleId: string) => `/notifications/rules/${ruleId}`,
  channels: "/notifications/channels",
  silences: "/notifications/silences",
  deliveries: "/notifications/deliveries",
} as const;
