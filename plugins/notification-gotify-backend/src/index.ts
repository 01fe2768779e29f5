import { channelKindPlugin } from "@checkstack/notification-kit";
import { gotifyChannel } from "./gotify-channel";

export { gotifyConfigSchema, type GotifyConfig } from "./config";
export { gotifyChannel } from "./gotify-channel";

export default channelKindPlugin({ pluginId: "notification-gotify", displayName: "Gotify notifications", channel: gotifyChannel });
