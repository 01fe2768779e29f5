import { channelKindPlugin } from "@checkstack/notification-kit";
import { discordChannel } from "./discord-channel";

export { discordConfigSchema, type DiscordConfig } from "./config";
export { discordChannel } from "./discord-channel";

export default channelKindPlugin({ pluginId: "notification-discord", displayName: "Discord notifications", channel: discordChannel });
