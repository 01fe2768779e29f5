import { z } from "zod";
import { hostSchema } from "@checkstack/healthcheck-common/strategy-kit";

export const pingCheckConfigSchema = z.object({
  host: hostSchema.describe("Hostname or IP address to ping"),
  count: z
    .int("count must be a whole number")
    .min(1, "count must be between 1 and 20")
    .max(20, "count must be between 1 and 20")
    .default(3)
    .describe("Number of echo requests to send"),
  // ping refuses intervals under 200 ms unless run as root, so the schema does too.
  intervalMs: z
    .int("intervalMs must be a whole number")
    .min(200, "intervalMs must be between 200 and 10000")
    .max(10_000, "intervalMs must be between 200 and 10000")
    .default(1_000)
    .describe("Milliseconds between echo requests (ping -i)"),
  replyTimeoutMs: z
    .int("replyTimeoutMs must be a whole number")
    .min(100, "replyTimeoutMs must be between 100 and 30000")
    .max(30_000, "replyTimeoutMs must be between 100 and 30000")
    .default(2_000)
    .describe("How long to wait for the last reply before counting it lost (ping -W)"),
  ipVersion: z
    .enum(["auto", "ipv4", "ipv6"], 'ipVersion must be "auto", "ipv4" or "ipv6"')
    .default("auto")
    .describe("Which address family to ping over; auto lets the resolver choose"),
  maxPacketLossPercent: z
    .number("maxPacketLossPercent must be a number")
    .min(0, "maxPacketLossPercent must be between 0 and 100")
    .max(100, "maxPacketLossPercent must be between 0 and 100")
    .optional()
    .describe("Unhealthy when more packets than this are lost; when unset, healthy as long as one reply arrives"),
  maxAvgRttMs: z
    .number("maxAvgRttMs must be a number")
    .positive("maxAvgRttMs must be positive")
    .optional()
    .describe("Unhealthy when the average round-trip time exceeds this many milliseconds"),
});

export type PingCheckConfig = z.output<typeof pingCheckConfigSchema>;
