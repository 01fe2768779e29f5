import { channelKindPlugin } from "@checkstack/notification-kit";
import { mattermostChannel } from "./mattermost-channel";

export { mattermostConfigSchema, type MattermostConfig } from "./config";
export { mattermostChannel } from "./mattermost-channel";

export default channelKindPlugin({ pluginId: "notification-mattermost", displayName: "Mattermost notifications", channel: mattermostChannel });
