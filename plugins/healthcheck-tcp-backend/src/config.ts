import { z } from "zod";
import { hostSchema, portSchema } from "@checkstack/healthcheck-common/strategy-kit";

/** Banners are a line or two; a service that streams more than this is not going to match. */
export const BANNER_LIMIT_BYTES = 16 * 1024;

export const tcpCheckConfigSchema = z.object({
  host: hostSchema,
  port: portSchema,
  /** Written (as UTF-8) once connected, e.g. "PING\r\n". */
  send: z.string().min(1, "send cannot be empty; leave it out to send nothing").max(BANNER_LIMIT_BYTES, "send may be at most 16 KiB").optional(),
  /**
   * When set, the check reads until the received text contains this string
   * (healthy), the peer closes or 16 KiB arrive without it (unhealthy), or the
   * timeout. When absent, a successful connect is enough and nothing is read.
   */
  expect: z.string().min(1, "expect cannot be empty; leave it out to only check the connection").optional(),
});

export type TcpCheckConfig = z.output<typeof tcpCheckConfigSchema>;
