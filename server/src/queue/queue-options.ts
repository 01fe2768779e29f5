import { z } from "zod";

/**
 * The plugin-facing options of the QueueService, checked at the boundary:
 * plugins are JavaScript too, and a NaN or a negative delay would otherwise
 * reach pg-boss (which asserts with plain Errors) or its SQL.
 */

/** pg-boss refuses expirations of 24 hours or more. */
const MAX_TIMEOUT_SECONDS = 24 * 3600 - 1;
const INT32_MAX = 2 ** 31 - 1;

export const DEFAULT_CONCURRENCY = 5;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_TIMEOUT_SECONDS = 60;
export const DEFAULT_DEDUPE_WINDOW_SECONDS = 60;
export const DEFAULT_DEAD_LETTER_LIMIT = 50;

export const enqueueOptionsSchema = z
  .object({
    delaySeconds: z.number().finite().min(0).max(365 * 24 * 3600).optional(),
    priority: z.number().int().min(-INT32_MAX).max(INT32_MAX).optional(),
    dedupeKey: z.string().min(1).max(255).optional(),
    dedupeWindowSeconds: z.number().int().min(1).max(INT32_MAX).optional(),
  })
  .strict()
  .refine((options) => options.dedupeWindowSeconds === undefined || options.dedupeKey !== undefined, {
    message: "dedupeWindowSeconds needs a dedupeKey",
  });

export const consumeOptionsSchema = z
  .object({
    concurrency: z.number().int().min(1).max(100).default(DEFAULT_CONCURRENCY),
    maxRetries: z.number().int().min(0).max(100).default(DEFAULT_MAX_RETRIES),
    timeoutSeconds: z.number().int().min(1).max(MAX_TIMEOUT_SECONDS).default(DEFAULT_TIMEOUT_SECONDS),
  })
  .strict();

export type ParsedConsumeOptions = z.infer<typeof consumeOptionsSchema>;

/** Cron fields are checked again by pg-boss's parser; this keeps arbitrary text out of its error messages. */
export const recurringScheduleSchema = z.union([
  z.object({ everySeconds: z.number().int().min(1).max(INT32_MAX) }).strict(),
  z
    .object({
      cron: z.string().regex(/^\S+(\s+\S+){4,5}$/, "cron takes 5 or 6 space-separated fields").max(200),
      timezone: z
        .string()
        .max(100)
        .refine(isTimeZone, "unknown time zone")
        .optional(),
    })
    .strict(),
]);

export const jobDataSchema = z.custom<object>(
  (value) => typeof value === "object" && value !== null,
  "job data must be an object",
);

export const deadLetterLimitSchema = z.number().int().min(1).max(1000).default(DEFAULT_DEAD_LETTER_LIMIT);

/** Recurring schedule names: stored as a pg-boss schedule key and a table key. */
export const recurringNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$/, 'use 1-120 letters, digits, ".", "_" or "-", starting with a letter or digit');

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
