import { isIP } from "node:net";
import { z } from "zod";
import { HOSTNAME_PATTERN } from "@checkstack/healthcheck-common/strategy-kit";

/** A name to look up: IP addresses have no records of their own (reverse lookups are not supported). */
export const dnsNameSchema = z
  .string()
  .trim()
  .min(1, "hostname is required")
  .refine((name) => isIP(name) === 0, "hostname must be a DNS name, not an IP address")
  .refine((name) => HOSTNAME_PATTERN.test(name), "hostname must be a valid DNS name (labels of letters, digits, - and _)");
