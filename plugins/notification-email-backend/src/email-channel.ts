import { defineNotificationChannel, type NotificationDelivery } from "@checkstack/backend-api";
import { emailConfigSchema } from "./config";
import { emailContent, emailIdentity } from "./email-content";
import { sendSmtpMail } from "./smtp-send";

export const emailChannel = defineNotificationChannel({
  id: "email",
  displayName: "E-mail",
  description: "Sends an e-mail (plain text and simple HTML) through an SMTP server, with TLS or STARTTLS and authentication.",
  configSchema: emailConfigSchema,
  async send(message, config, { signal }): Promise<NotificationDelivery> {
    const content = emailContent(message);
    const identity = emailIdentity(message, config.from);
    return sendSmtpMail(config, { to: config.to, ...content, messageId: identity.messageId, references: identity.references }, signal);
  },
});
