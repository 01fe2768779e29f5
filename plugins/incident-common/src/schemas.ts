import { z } from "zod";

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES, { message: "status must be investigating, identified, monitoring or resolved" });
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

/** The statuses an open incident moves between; "resolved" is reached by resolving it. */
export const OpenIncidentStatusSchema = z.enum(["investigating", "identified", "monitoring"], {
  message: "status must be investigating, identified or monitoring (resolve the incident to resolve it)",
});

export const IMPACTS = ["none", "minor", "major", "critical"] as const;
export const ImpactSchema = z.enum(IMPACTS, { message: "impact must be none, minor, major or critical" });
export type Impact = z.infer<typeof ImpactSchema>;

export const IncidentIdSchema = z.uuid("incidentId must be a UUID");
export const TitleSchema = z.string().trim().min(1, "the title must not be empty").max(200, "titles are at most 200 characters");
export const MessageSchema = z.string().trim().min(1, "the message must not be empty").max(10_000, "messages are at most 10000 characters");

export const AffectedSystemSchema = z.object({ systemId: z.uuid("systemId must be a UUID"), impact: ImpactSchema });
export type AffectedSystem = z.infer<typeof AffectedSystemSchema>;
const AffectedSystemsSchema = z
  .array(AffectedSystemSchema)
  .max(500, "at most 500 affected systems")
  .refine((list) => new Set(list.map((entry) => entry.systemId)).size === list.length, "each system is listed once");

/** Who wrote something: the principal as the platform describes it ("user:42", "application:7", "system:alerting"). */
export const AuthorSchema = z.string();

export const IncidentUpdateSchema = z.object({
  id: z.string(),
  body: z.string(),
  /** The status the incident moved to with this update, null when it stayed. */
  status: IncidentStatusSchema.nullable(),
  impact: ImpactSchema.nullable(),
  author: AuthorSchema,
  createdAt: z.date(),
});
export type IncidentUpdate = z.infer<typeof IncidentUpdateSchema>;

export const IncidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: IncidentStatusSchema,
  impact: ImpactSchema,
  ownerTeamId: z.string().nullable(),
  systems: z.array(AffectedSystemSchema),
  createdBy: AuthorSchema,
  createdAt: z.date(),
  updatedAt: z.date(),
  resolvedAt: z.date().nullable(),
});
export type Incident = z.infer<typeof IncidentSchema>;

/** An incident with its timeline, newest update first. */
export const IncidentDetailSchema = IncidentSchema.extend({ updates: z.array(IncidentUpdateSchema) });
export type IncidentDetail = z.infer<typeof IncidentDetailSchema>;

export const CreateIncidentSchema = z
  .object({
    title: TitleSchema,
    /** The first entry of the timeline. */
    message: MessageSchema,
    status: OpenIncidentStatusSchema.default("investigating"),
    impact: ImpactSchema,
    systems: AffectedSystemsSchema.default([]),
    ownerTeamId: z.uuid("ownerTeamId must be a UUID").optional(),
    /** Only the owner team (and admins) may see it; the default for an owned incident. */
    teamOnly: z.boolean().optional(),
  })
  .refine((input) => input.teamOnly !== true || input.ownerTeamId !== undefined, { message: "teamOnly needs an ownerTeamId", path: ["teamOnly"] });
export type CreateIncident = z.infer<typeof CreateIncidentSchema>;

/** A timeline entry; status, impact and systems change the incident along with it. */
export const PostIncidentUpdateSchema = z.object({
  incidentId: IncidentIdSchema,
  message: MessageSchema,
  status: OpenIncidentStatusSchema.optional(),
  impact: ImpactSchema.optional(),
  systems: AffectedSystemsSchema.optional(),
});
export type PostIncidentUpdate = z.infer<typeof PostIncidentUpdateSchema>;

export const ResolveIncidentSchema = z.object({
  incidentId: IncidentIdSchema,
  message: MessageSchema.default("This incident has been resolved."),
});

export const IncidentRefSchema = z.object({ incidentId: IncidentIdSchema });

export const MAX_INCIDENT_PAGE = 200;
export const ListIncidentsInputSchema = z
  .object({
    cursor: z.string().min(1, "cursor must not be empty").max(1000, "cursor is at most 1000 characters").optional(),
    limit: z
      .number()
      .int("limit must be a whole number")
      .min(1, "limit is at least 1")
      .max(MAX_INCIDENT_PAGE, `limit is at most ${MAX_INCIDENT_PAGE}`)
      .default(50),
    /** "open": unresolved only; "resolved": resolved only; default both. */
    state: z.enum(["open", "resolved"], { message: "state must be open or resolved" }).optional(),
  })
  .default({ limit: 50 });
export type ListIncidentsInput = z.infer<typeof ListIncidentsInputSchema>;
/** Newest first; nextCursor is null on the last page. */
export const IncidentPageSchema = z.object({ items: z.array(IncidentSchema), nextCursor: z.string().nullable() });

// ---- The status-page source (service procedure) ----------------------------

export const PublicIncidentsInputSchema = z.object({
  systemIds: z.array(z.uuid("systemIds must be UUIDs")).max(5000, "at most 5000 systems"),
  since: z.coerce.date({ message: "since must be a date" }),
});

const PublicUpdateSchema = z.object({ id: z.string(), status: z.string(), body: z.string(), createdAt: z.date() });
export const PublicIncidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: IncidentStatusSchema,
  impact: ImpactSchema,
  systemImpacts: z.record(z.string(), ImpactSchema),
  createdAt: z.date(),
  updatedAt: z.date(),
  resolvedAt: z.date().nullable(),
  updates: z.array(PublicUpdateSchema),
});
/** What the source returns; assignable to the SDK's PublicIncident. */
export type PublicIncidentView = z.infer<typeof PublicIncidentSchema>;
export const PublicIncidentListSchema = z.object({ incidents: z.array(PublicIncidentSchema) });
