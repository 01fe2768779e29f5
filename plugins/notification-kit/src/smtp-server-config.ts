import { secret } from "@checkstack/backend-api";
import { z } from "zod";

/**
 * How to reach an SMTP server and whom mail comes from: the e-mail channel kind adds its recipients,
 * the status pages' subscriber mail uses it as is. One schema, so both forms read and check the same.
 */
export const smtpServerSchema = z.object({
  host: z
    .string()
    .trim()
    .min(1, "host cannot be empty")
    .regex(/^[A-Za-z0-9.:[\]-]+$/, "host must be a host name or an IP address")
    .describe("The SMTP server's host name or IP address (your relay or provider, e.g. smtp.example.com)."),
  port: z
    .int("port must be an integer")
    .min(1, "port must be between 1 and 65535")
    .max(65535, "port must be between 1 and 65535")
    .default(587)
    .describe("The SMTP port: 587 for STARTTLS (submission), 465 for TLS, 25 for a plain relay. Default 587."),
  security: z
    .enum(["starttls", "tls", "none"], 'security must be "starttls", "tls" or "none"')
    .default("starttls")
    .describe('"starttls": connect in plain text and require the upgrade to TLS (port 587); "tls": TLS from the first byte (port 465); "none": no encryption, for a relay on a trusted network. Default starttls.'),
  verifyCertificate: z
    .boolean()
    .default(true)
    .describe("Check the server's TLS certificate against the system's certificate authorities. Turn off only for a relay with a self-signed certificate."),
  username: z.string().min(1, "username cannot be empty; leave it out for a relay without authentication").optional().describe("The SMTP login; leave it out when the relay needs none."),
  password: secret(z.string().min(1, "password cannot be empty").describe("The SMTP password or app password; stored encrypted.")).optional(),
  from: z.email("from must be an e-mail address").describe("The sender address (the envelope sender and the From header)."),
  fromName: z.string().trim().min(1, "fromName cannot be empty").max(100, "fromName may be at most 100 characters").optional().describe('The sender\'s display name, e.g. "Checkstack alerts".'),
});

export type SmtpServerConfig = z.output<typeof smtpServerSchema>;
