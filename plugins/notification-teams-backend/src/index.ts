import { channelKindPlugin } from "@checkstack/notification-kit";
import { teamsChannel } from "./teams-channel";

export { teamsConfigSchema, type TeamsConfig } from "./config";
export { teamsChannel } from "./teams-channel";

export default channelKindPlugin({ pluginId: "notification-teams", displayName: "Microsoft Teams notifications", channel: teamsChannel });
