import { z } from "zod";
import { dateInput } from "@checkstack/common";
import { AssertionSchema } from "./assertions";

export const HealthStatusSchema = z.enum(["healthy", "degraded", "unhealthy", "unknown"]);
export type HealthStatus = z.infer<typeof HealthStatusSchema>;

/** When a system turns degraded or unhealthy: after N consecutive failures, or M failures among its last W runs. */
export const ThresholdsSchema = z
  .object({
    degradedAfter: z.number().int().min(1).max(1000).default(1),
    unhealthyAfter: z.number().int().min(1).max(1000).default(3),
    window: z.object({ size: z.number().int().min(1).max(100), unhealthyFailures: z.number().int().min(1).max(100) }).optional(),
  })
  .refine((value) => value.unhealthyAfter >= value.degradedAfter, "unhealthyAfter must be at least degradedAfter")
  .refine((value) => !value.window || value.window.unhealthyFailures <= value.window.size, "window.unhealthyFailures cannot exceed window.size");
export type Thresholds = z.infer<typeof ThresholdsSchema>;

const checkFields = {
  name: z.string().trim().min(1).max(200),
  strategyId: z.string().min(1).max(100),
  /** Validated against the strategy's own schema; its secret fields are encrypted at rest. */
  config: z.unknown(),
  intervalSeconds: z.number().int().min(1).max(86_400),
  timeoutMs: z.number().int().min(100).max(120_000),
  enabled: z.boolean(),
  assertions: z.array(AssertionSchema).max(50),
  systemIds: z.array(z.uuid("system ids are UUIDs")).min(1, "attach the check to at least one system").max(500),
};

export const CreateCheckSchema = z
  .object({ ...checkFields, enabled: checkFields.enabled.default(true), assertions: checkFields.assertions.default([]) })
  .refine((check) => check.timeoutMs <= check.intervalSeconds * 1000, "timeoutMs cannot exceed the interval");
export type CreateCheck = z.input<typeof CreateCheckSchema>;

export const UpdateCheckSchema = z.object({
  checkId: z.uuid(),
  name: checkFields.name.optional(),
  config: z.unknown().optional(),
  intervalSeconds: checkFields.intervalSeconds.optional(),
  timeoutMs: checkFields.timeoutMs.optional(),
  enabled: z.boolean().optional(),
  assertions: checkFields.assertions.optional(),
  systemIds: checkFields.systemIds.optional(),
});
export type UpdateCheck = z.infer<typeof UpdateCheckSchema>;

export const CheckSchema = z.object({
  id: z.string(),
  name: z.string(),
  strategyId: z.string(),
  /** Secret fields read back as "********". */
  config: z.unknown(),
  intervalSeconds: z.number(),
  timeoutMs: z.number(),
  enabled: z.boolean(),
  assertions: z.array(AssertionSchema),
  systemIds: z.array(z.string()),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Check = z.infer<typeof CheckSchema>;

export const CheckStateSchema = z.object({
  checkId: z.string(),
  status: HealthStatusSchema,
  consecutiveFailures: z.number(),
  lastRunAt: z.date().nullable(),
  lastMessage: z.string().nullable(),
});

export const SystemStatusSchema = z.object({
  systemId: z.string(),
  status: HealthStatusSchema,
  since: z.date().nullable(),
  checks: z.array(CheckStateSchema),
});
export type SystemStatus = z.infer<typeof SystemStatusSchema>;

export const TimeRangeSchema = z
  .object({ from: dateInput(), to: dateInput() })
  .refine((range) => range.from < range.to, { message: "must be before to", path: ["from"] });

export const RunSchema = z.object({
  id: z.number(),
  checkId: z.string(),
  systemId: z.string(),
  scheduledAt: z.date(),
  startedAt: z.date(),
  durationMs: z.number(),
  healthy: z.boolean(),
  message: z.string().nullable(),
});

/** Keyset pages of runs, newest first: cursor is the previous page's nextCursor (null on the last page). */
export const MAX_RUN_PAGE = 500;
export const RunPageSchema = z.object({ items: z.array(RunSchema), nextCursor: z.string().nullable() });
export const RunPageCursorSchema = z.string().min(1, "cursor must not be empty").max(200, "cursor is at most 200 characters");

export const BucketSchema = z.object({
  checkId: z.string(),
  bucket: z.date(),
  count: z.number(),
  failures: z.number(),
  latencyP50: z.number().nullable(),
  latencyP95: z.number().nullable(),
  latencyMax: z.number().nullable(),
});

export const AvailabilitySchema = z.object({
  systemId: z.string(),
  last24h: z.number().nullable(),
  last7d: z.number().nullable(),
  last30d: z.number().nullable(),
  last90d: z.number().nullable(),
});
export type Availability = z.infer<typeof AvailabilitySchema>;

export const RetentionSchema = z.object({
  rawDays: z.number().int().min(2).max(90).default(7),
  hourlyDays: z.number().int().min(1).max(400).default(90),
  dailyDays: z.number().int().min(30).max(3650).default(400),
});
export type Retention = z.infer<typeof RetentionSchema>;
