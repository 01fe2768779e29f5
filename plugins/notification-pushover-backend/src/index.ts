import { channelKindPlugin } from "@checkstack/notification-kit";
import { pushoverChannel } from "./pushover-channel";

export { pushoverConfigSchema, type PushoverConfig } from "./config";
export { pushoverChannel } from "./pushover-channel";

export default channelKindPlugin({ pluginId: "notification-pushover", displayName: "Pushover notifications", channel: pushoverChannel });
