import { z } from "zod";

/** How often the job reports, and how late a report may be before the check turns unhealthy. */
export const heartbeatConfigSchema = z.object({
  periodSeconds: z
    .int("periodSeconds must be a whole number of seconds")
    .min(1, "periodSeconds must be at least 1")
    .max(31 * 86_400, "periodSeconds can be at most 31 days")
    .describe("How often the job pings, in seconds (a daily backup: 86400)"),
  graceSeconds: z
    .int("graceSeconds must be a whole number of seconds")
    .min(0, "graceSeconds cannot be negative")
    .max(7 * 86_400, "graceSeconds can be at most 7 days")
    .default(60)
    .describe("How late a ping may be before the check turns unhealthy, in seconds"),
});
export type HeartbeatConfig = z.output<typeof heartbeatConfigSchema>;
