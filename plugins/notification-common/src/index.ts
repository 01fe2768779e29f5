import { definePluginApi, definePluginMetadata } from "@checkstack/common";
import { NOTIFICATION_PLUGIN_ID } from "./access";
import { notificationContract } from "./contract";

export const pluginMetadata = definePluginMetadata({
  pluginId: NOTIFICATION_PLUGIN_ID,
  displayName: "Notifications",
  description: "Alerts on system status changes, delivered once per change through channels (webhook, e-mail, chat, paging)",
});

export const NotificationApi = definePluginApi({ pluginId: pluginMetadata.pluginId, contract: notificationContract });

export * from "./access";
export * from "./contract";
export * from "./maintenance";
export * from "./schemas";
