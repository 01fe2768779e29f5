import { z } from "zod";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const WeekdaySchema = z.enum(WEEKDAYS, { message: "days are mon, tue, wed, thu, fri, sat or sun" });
export type Weekday = z.infer<typeof WeekdaySchema>;

/**
 * How a window repeats. Every kind repeats the window's start time of day
 * (wall clock, in its timezone) and its length; cron gives the start times
 * itself. A monthly day past the month's end (31 in April) is skipped, like
 * cron; "last" is the month's last day.
 */
export const RecurrenceSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("once") }),
    z.object({ kind: z.literal("daily") }),
    z.object({
      kind: z.literal("weekly"),
      days: z
        .array(WeekdaySchema)
        .min(1, "a weekly window needs at least one day")
        .refine((days) => new Set(days).size === days.length, "each day is listed once"),
    }),
    z.object({
      kind: z.literal("monthly"),
      dayOfMonth: z.union([z.number().int().min(1).max(31), z.literal("last")], { message: 'dayOfMonth is 1 to 31 or "last"' }),
    }),
    z.object({ kind: z.literal("cron"), expression: z.string().trim().min(1, "the cron expression must not be empty").max(200) }),
  ],
  { message: "kind must be once, daily, weekly, monthly or cron" },
);
export type Recurrence = z.infer<typeof RecurrenceSchema>;
