import { channelKindPlugin } from "@checkstack/notification-kit";
import { telegramChannel } from "./telegram-channel";

export { telegramConfigSchema, type TelegramConfig } from "./config";
export { telegramChannel } from "./telegram-channel";

export default channelKindPlugin({ pluginId: "notification-telegram", displayName: "Telegram notifications", channel: telegramChannel });
