import { secret } from "@checkstack/backend-api";
import { z } from "zod";
import { HOSTNAME_PATTERN, hostSchema, portSchema } from "@checkstack/healthcheck-common/strategy-kit";

/** An ESMTP keyword as EHLO lists it (RFC 5321: letters, digits and hyphens). */
const CAPABILITY = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

export const smtpCheckConfigSchema = z
  .object({
    host: hostSchema.describe("Hostname or IP address of the SMTP server"),
    port: portSchema.default(25).describe("Port of the SMTP server: 25 or 587 with STARTTLS, 465 with implicit TLS"),
    tlsMode: z
      .enum(["starttls", "starttls-optional", "implicit", "none"], 'tlsMode must be "starttls", "starttls-optional", "implicit" or "none"')
      .default("starttls-optional")
      .describe(
        "starttls: the server must offer STARTTLS and the upgrade must succeed; starttls-optional: upgrade when offered; implicit: TLS from the first byte (port 465); none: plaintext only",
      ),
    ca: z
      .string()
      .includes("-----BEGIN CERTIFICATE-----", "ca must hold PEM certificates")
      .optional()
      .describe("PEM certificates trusted instead of the system roots, for servers behind a private CA"),
    servername: z
      .string()
      .trim()
      .regex(HOSTNAME_PATTERN, "servername must be a DNS name")
      .optional()
      .describe("Name sent as SNI and matched against the certificate; defaults to host"),
    insecureSkipVerify: z
      .boolean()
      .default(false)
      .describe("Accept any certificate, even self-signed or for another name; the connection is still encrypted"),
    heloName: z
      .string()
      .trim()
      .regex(HOSTNAME_PATTERN, "heloName must be a DNS name")
      .optional()
      .describe("Name this checker gives in EHLO; defaults to the instance's hostname"),
    expectedBanner: z
      .string()
      .min(1, "expectedBanner cannot be empty; leave it out to accept any 220 greeting")
      .optional()
      .describe("Text the server's 220 greeting must contain"),
    expectedCapabilities: z
      .array(z.string().trim().regex(CAPABILITY, "each expected capability is an EHLO keyword such as PIPELINING or SIZE"))
      .max(50, "at most 50 expected capabilities")
      .default([])
      .describe("EHLO keywords the server must advertise (after STARTTLS, when upgraded), e.g. PIPELINING, 8BITMIME, SIZE"),
    username: z
      .string()
      .min(1, "username cannot be empty")
      .max(512, "username may be at most 512 characters")
      .optional()
      .describe("When set, log in with AUTH PLAIN or LOGIN (whichever the server offers)"),
    password: secret(z.string().min(1, "password cannot be empty").max(1024, "password may be at most 1024 characters"))
      .optional()
      .describe("Password for AUTH (encrypted at rest, redacted)"),
    allowInsecureAuth: z
      .boolean()
      .default(false)
      .describe("Send the password over an unencrypted connection; off by default, so credentials only travel over TLS"),
  })
  .superRefine((config, ctx) => {
    if ((config.username === undefined) !== (config.password === undefined)) {
      const field = config.username === undefined ? "username" : "password";
      ctx.addIssue({ code: "custom", path: [field], message: "username and password go together" });
    }
    if (config.tlsMode === "none") {
      for (const field of ["ca", "servername"] as const) {
        if (config[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: `${field} has no effect with tlsMode "none"` });
      }
      if (config.insecureSkipVerify) ctx.addIssue({ code: "custom", path: ["insecureSkipVerify"], message: 'insecureSkipVerify has no effect with tlsMode "none"' });
    }
  });

export type SmtpCheckConfig = z.output<typeof smtpCheckConfigSchema>;
