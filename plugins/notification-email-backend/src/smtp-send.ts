import type { NotificationDelivery } from "@checkstack/backend-api";
import type { SmtpServerConfig } from "@checkstack/notification-kit";
import { isIP } from "node:net";
import { createTransport } from "nodemailer";
import { deliveryFromSmtpError } from "./smtp-delivery";
import { resolveSmtpTarget } from "./smtp-target";

/** Each wait is bounded on its own; the attempt's signal bounds the whole. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

function transportFor(config: SmtpServerConfig, address: string) {
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

/** One mail: recipients, subject, both bodies, and optional ids and extra headers (List-Unsubscribe, say). */
export interface SmtpMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId?: string;
  references?: string;
  headers?: Record<string, string>;
}

/**
 * Sends one mail through the configured server (the host resolved once and refused when it is a
 * link-local or metadata address) and reads the outcome as a delivery, the password masked.
 */
export async function sendSmtpMail(config: SmtpServerConfig, mail: SmtpMail, signal: AbortSignal): Promise<NotificationDelivery> {
  const secrets = config.password ? [config.password] : [];
  try {
    const transport = transportFor(config, await resolveSmtpTarget(config.host));
    const info = await transport.sendMail({
      from: config.fromName ? { name: config.fromName, address: config.from } : config.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
      ...(mail.references ? { references: mail.references, inReplyTo: mail.references } : {}),
      ...(mail.headers ? { headers: mail.headers } : {}),
      signal,
    });
    const rejected = info.rejected.map(String);
    return { ok: true, providerResponse: rejected.length > 0 ? `${info.response}; rejected: ${rejected.join(", ")}` : info.response };
  } catch (error) {
    return deliveryFromSmtpError(error, secrets);
  }
}
