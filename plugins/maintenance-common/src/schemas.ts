import { z } from "zod";
import { RecurrenceSchema } from "./recurrence";

export const WindowIdSchema = z.uuid("windowId must be a UUID");
export const OccurrenceIdSchema = z.uuid("occurrenceId must be a UUID");

/** A wall-clock time in the window's timezone, e.g. "2026-03-29T02:30" (seconds optional, no offset). */
export const LocalDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "a local date-time like 2026-03-29T02:30, without an offset");

export const OCCURRENCE_STATUSES = ["scheduled", "in_progress", "completed", "cancelled"] as const;
export const OccurrenceStatusSchema = z.enum(OCCURRENCE_STATUSES);
export type OccurrenceStatus = z.infer<typeof OccurrenceStatusSchema>;

const TitleSchema = z.string().trim().min(1, "the title must not be empty").max(200, "titles are at most 200 characters");
const DescriptionSchema = z.string().trim().max(10_000, "descriptions are at most 10000 characters");
const SystemIdsSchema = z
  .array(z.uuid("systemIds must be UUIDs"))
  .max(500, "at most 500 systems")
  .refine((ids) => new Set(ids).size === ids.length, "each system is listed once");

/**
 * The first occurrence runs from start to end (wall clock in `timezone`, an
 * IANA name such as Europe/Berlin); later ones repeat it by `recurrence`
 * until `until` (a local date-time, inclusive of starts before it).
 */
export const CreateWindowSchema = z.object({
  title: TitleSchema,
  description: DescriptionSchema.default(""),
  systemIds: SystemIdsSchema.default([]),
  start: LocalDateTimeSchema,
  end: LocalDateTimeSchema,
  timezone: z.string().min(1, "timezone must not be empty").max(100),
  recurrence: RecurrenceSchema.default({ kind: "once" }),
  until: LocalDateTimeSchema.optional(),
  /** How long before a start maintenance.upcoming is emitted. */
  upcomingLeadMinutes: z.number().int("upcomingLeadMinutes must be a whole number").min(0).max(60 * 24 * 14).default(60),
  ownerTeamId: z.uuid("ownerTeamId must be a UUID").optional(),
  /** Only the owner team (and admins) may see it; the default for an owned window. */
  teamOnly: z.boolean().optional(),
});
export type CreateWindow = z.infer<typeof CreateWindowSchema>;

export const WindowSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  systemIds: z.array(z.string()),
  start: z.string(),
  end: z.string(),
  timezone: z.string(),
  recurrence: RecurrenceSchema,
  until: z.string().nullable(),
  upcomingLeadMinutes: z.number(),
  ownerTeamId: z.string().nullable(),
  cancelledAt: z.date().nullable(),
  cancelledBy: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type MaintenanceWindow = z.infer<typeof WindowSchema>;

export const OccurrenceSchema = z.object({
  id: z.string(),
  windowId: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  status: OccurrenceStatusSchema,
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  cancelledBy: z.string().nullable(),
});
export type Occurrence = z.infer<typeof OccurrenceSchema>;

export const WindowDetailSchema = WindowSchema.extend({ occurrences: z.array(OccurrenceSchema) });
export type WindowDetail = z.infer<typeof WindowDetailSchema>;

/**
 * Changes what a window says and covers; fields left out stay. Its timing (start, end, timezone,
 * recurrence) is fixed once occurrences exist: cancel it and schedule a new one to move it.
 */
export const UpdateWindowSchema = z.object({
  windowId: WindowIdSchema,
  title: TitleSchema.optional(),
  description: DescriptionSchema.optional(),
  systemIds: SystemIdsSchema.optional(),
  upcomingLeadMinutes: z.number().int("upcomingLeadMinutes must be a whole number").min(0).max(60 * 24 * 14).optional(),
});
export type UpdateWindow = z.infer<typeof UpdateWindowSchema>;

export const WindowRefSchema = z.object({ windowId: WindowIdSchema });
export const CancelOccurrenceSchema = z.object({ windowId: WindowIdSchema, occurrenceId: OccurrenceIdSchema });

export const MAX_WINDOW_PAGE = 200;
export const ListWindowsInputSchema = z
  .object({
    cursor: z.string().min(1, "cursor must not be empty").max(1000, "cursor is at most 1000 characters").optional(),
    limit: z.number().int("limit must be a whole number").min(1, "limit is at least 1").max(MAX_WINDOW_PAGE, `limit is at most ${MAX_WINDOW_PAGE}`).default(50),
  })
  .default({ limit: 50 });
export type ListWindowsInput = z.infer<typeof ListWindowsInputSchema>;
export const WindowPageSchema = z.object({ items: z.array(WindowSchema), nextCursor: z.string().nullable() });

// ---- The status-page source (service procedure) ----------------------------

export const PublicMaintenancesInputSchema = z.object({
  systemIds: z.array(z.uuid("systemIds must be UUIDs")).max(5000, "at most 5000 systems"),
  from: z.coerce.date({ message: "from must be a date" }),
  to: z.coerce.date({ message: "to must be a date" }),
});
const PublicUpdateSchema = z.object({ id: z.string(), status: z.string(), body: z.string(), createdAt: z.date() });
export const PublicMaintenanceSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  status: OccurrenceStatusSchema,
  systemIds: z.array(z.string()),
  scheduledFor: z.date(),
  scheduledUntil: z.date(),
  updatedAt: z.date(),
  updates: z.array(PublicUpdateSchema),
});
/** What the source returns; assignable to the SDK's PublicMaintenance. */
export type PublicMaintenanceView = z.infer<typeof PublicMaintenanceSchema>;
export const PublicMaintenanceListSchema = z.object({ maintenances: z.array(PublicMaintenanceSchema) });
