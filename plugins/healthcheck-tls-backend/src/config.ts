import { z } from "zod";
import { HOSTNAME_PATTERN, hostSchema, portSchema } from "@checkstack/healthcheck-common/strategy-kit";

export const tlsCheckConfigSchema = z.object({
  host: hostSchema,
  port: portSchema.default(443),
  /**
   * Sent as SNI and matched against the certificate. Defaults to host, unless
   * host is an IP address: then no SNI is sent and the IP is matched.
   */
  servername: z.string().trim().regex(HOSTNAME_PATTERN, "servername must be a DNS name").optional(),
  minDaysValid: z.int("minDaysValid must be a whole number of days").min(0, "minDaysValid cannot be negative").max(3650).default(14),
  /** Accept a chain that does not verify (self-signed, unknown CA, wrong name); metadata.chainValid still says so. */
  allowInvalidChain: z.boolean().default(false),
  /** PEM certificates trusted instead of the system roots, for services behind a private CA. */
  ca: z.string().includes("-----BEGIN CERTIFICATE-----", "ca must hold PEM certificates").optional(),
});

export type TlsCheckConfig = z.output<typeof tlsCheckConfigSchema>;
