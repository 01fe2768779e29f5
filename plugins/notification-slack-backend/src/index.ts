import { channelKindPlugin } from "@checkstack/notification-kit";
import { slackChannel } from "./slack-channel";

export { slackConfigSchema, type SlackConfig } from "./config";
export { slackChannel } from "./slack-channel";

export default channelKindPlugin({ pluginId: "notification-slack", displayName: "Slack notifications", channel: slackChannel });
