import { channelKindPlugin } from "@checkstack/notification-kit";
import { ntfyChannel } from "./ntfy-channel";

export { ntfyConfigSchema, type NtfyConfig } from "./config";
export { ntfyChannel } from "./ntfy-channel";

export default channelKindPlugin({ pluginId: "notification-ntfy", displayName: "ntfy notifications", channel: ntfyChannel });
