import { channelKindPlugin } from "@checkstack/notification-kit";
import { googleChatChannel } from "./google-chat-channel";

export { googleChatConfigSchema, type GoogleChatConfig } from "./config";
export { googleChatChannel } from "./google-chat-channel";

export default channelKindPlugin({ pluginId: "notification-google-chat", displayName: "Google Chat notifications", channel: googleChatChannel });
