import { channelKindPlugin } from "@checkstack/notification-kit";
import { pagerdutyChannel } from "./pagerduty-channel";

export { pagerdutyConfigSchema, type PagerdutyConfig } from "./config";
export { pagerdutyChannel } from "./pagerduty-channel";

export default channelKindPlugin({ pluginId: "notification-pagerduty", displayName: "PagerDuty notifications", channel: pagerdutyChannel });
