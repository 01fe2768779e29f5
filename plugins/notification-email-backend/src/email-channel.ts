import { defineNotificationChannel, type NotificationDelivery } from "@checkstack/backend-api";
import { isIP } from "node:net";
import { createTransport } from "nodemailer";
import { emailConfigSchema, type EmailConfig } from "./config";
import { emailContent, emailIdentity } from "./email-content";
import { deliveryFromSmtpError } from "./smtp-delivery";
import { resolveSmtpTarget } from "./smtp-target";

/** Each wait is bounded on its own; the attempt's signal bounds the whole. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

function transportFor(config: EmailConfig, address: string) {
  return createTransport({
    host: address,
    port: config.port,
    secure: config.security === "tls",
    requireTLS: config.security === "starttls",
    ignoreTLS: config.security === "none",
    // Certificates are checked against the configured name, not the address connected to (SNI takes names only).
    tls: { ...(isIP(config.host) ? {} : { servername: config.host }), rejectUnauthorized: config.verifyCertificate },
    ...(config.username ? { auth: { user: config.username, pass: config.password ?? "" } } : {}),
    ...TIMEOUTS,
  });
}

export const emailChannel = defineNotificationChannel({
  id: "email",
  displayName: "E-mail",
  description: "Sends an e-mail (plain text and simple HTML) through an SMTP server, with TLS or STARTTLS and authentication.",
  configSchema: emailConfigSchema,
  async send(message, config, { signal }): Promise<NotificationDelivery> {
    const secrets = config.password ? [config.password] : [];
    try {
      const transport = transportFor(config, await resolveSmtpTarget(config.host));
      const content = emailContent(message);
      const identity = emailIdentity(message, config.from);
      const info = await transport.sendMail({
        from: config.fromName ? { name: config.fromName, address: config.from } : config.from,
        to: config.to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId: identity.messageId,
        references: identity.references,
        inReplyTo: identity.references,
        signal,
      });
      const rejected = info.rejected.map(String);
      return {
        ok: true,
        ...(rejected.length > 0 ? { providerResponse: `${info.response}; rejected: ${rejected.join(", ")}` } : { providerResponse: info.response }),
      };
    } catch (error) {
      return deliveryFromSmtpError(error, secrets);
    }
  },
});
