import { channelKindPlugin } from "@checkstack/notification-kit";
import { emailChannel } from "./email-channel";

export { emailConfigSchema, type EmailConfig } from "./config";
export { emailChannel } from "./email-channel";

export default channelKindPlugin({ pluginId: "notification-email", displayName: "E-mail notifications", channel: emailChannel });
export { sendSmtpMail, type SmtpMail } from "./smtp-send";
