import { isIP } from "node:net";
import { z } from "zod";

/** DNS labels, with underscores allowed because internal names (and SRV-style names) use them. */
export const HOSTNAME_PATTERN =
  /^(?=.{1,253}\.?$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/** A host for a config field: a hostname or an IP address, without scheme, port or brackets. */
export const hostSchema = z
  .string()
  .trim()
  .min(1, "host is required")
  .refine((host) => isIP(host) !== 0 || HOSTNAME_PATTERN.test(host), "host must be a hostname or an IP address, without scheme, port or brackets");

export const portSchema = z
  .int("port must be a whole number")
  .min(1, "port must be between 1 and 65535")
  .max(65535, "port must be between 1 and 65535");
