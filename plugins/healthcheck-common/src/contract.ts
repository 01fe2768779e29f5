import { proc } from "@checkstack/common";
import { z } from "zod";
import { healthcheckAccess as access } from "./access";
import {
  AvailabilitySchema,
  BucketSchema,
  CheckSchema,
  MAX_RUN_PAGE,
  RunPageCursorSchema,
  RunPageSchema,
  CreateCheckSchema,
  RetentionSchema,
  RunSchema,
  SystemStatusSchema,
  ThresholdsSchema,
  TimeRangeSchema,
  UpdateCheckSchema,
} from "./schemas";

const systemId = z.uuid("systemId must be a UUID");
const checkId = z.uuid("checkId must be a UUID");
const everyVisible = { instanceAccess: {} };

export const healthcheckContract = {
  listStrategies: proc({ operationType: "query", userType: "authenticated", access: [access.check.read], ...everyVisible })
    .route({ method: "GET", path: "/strategies", summary: "List check strategies" }).output(
    z.array(
      z.object({
        id: z.string(),
        displayName: z.string(),
        description: z.string().nullable(),
        /** The config's JSON Schema (input side; secret fields carry `checkstackSecret: true`), for generated forms. */
        configSchema: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
  ),
  // Row-level security leaves out checks of other teams' team-only resources.
  listChecks: proc({ operationType: "query", userType: "authenticated", access: [access.check.read], ...everyVisible })
    .route({ method: "GET", path: "/checks", summary: "List checks" })
    .input(z.object({ systemId: systemId.optional() }).default({}))
    .output(z.array(CheckSchema)),
  getCheck: proc({ operationType: "query", userType: "authenticated", access: [access.check.read] })
    .route({ method: "GET", path: "/checks/{checkId}", summary: "Get a check" }).input(z.object({ checkId })).output(CheckSchema),
  createCheck: proc({ operationType: "mutation", userType: "authenticated", access: [access.check.manage], ...everyVisible })
    .route({ method: "POST", path: "/checks", summary: "Create a check" })
    .input(CreateCheckSchema)
    .output(CheckSchema),
  updateCheck: proc({ operationType: "mutation", userType: "authenticated", access: [access.check.manage] })
    .route({ method: "PATCH", path: "/checks/{checkId}", summary: "Update a check" }).input(UpdateCheckSchema).output(CheckSchema),
  deleteCheck: proc({ operationType: "mutation", userType: "authenticated", access: [access.check.manage] })
    .route({ method: "DELETE", path: "/checks/{checkId}", summary: "Delete a check" })
    .input(z.object({ checkId }))
    .output(z.object({ deleted: z.boolean() })),

  getSystemStatus: proc({ operationType: "query", userType: "public", access: [access.statusRead] })
    .route({ method: "GET", path: "/systems/{systemId}/status", summary: "Get the status of a system" })
    .input(z.object({ systemId }))
    .output(SystemStatusSchema),
  /** Many systems in one call (a dashboard): the same answer as getSystemStatus for each id, in the order asked. */
  getSystemStatuses: proc({ operationType: "query", userType: "public", access: [access.statusRead] })
    .route({ method: "POST", path: "/system-statuses", summary: "Get the statuses of many systems" })
    .input(z.object({ systemIds: z.array(systemId).min(1, "systemIds needs at least one id").max(500, "at most 500 systemIds per call") }))
    .output(z.array(SystemStatusSchema)),
  /** Runs of a system (or one of its checks), newest first, one bounded keyset page at a time. */
  listSystemRuns: proc({ operationType: "query", userType: "authenticated", access: [access.check.read], ...everyVisible })
    .route({ method: "GET", path: "/systems/{systemId}/runs", summary: "List the runs of a system, a page at a time" })
    .input(
      TimeRangeSchema.and(
        z.object({
          systemId,
          checkId: checkId.optional(),
          cursor: RunPageCursorSchema.optional(),
          limit: z.number().int("limit must be a whole number").min(1, "limit is at least 1").max(MAX_RUN_PAGE, `limit is at most ${MAX_RUN_PAGE}`).default(100),
        }),
      ),
    )
    .output(RunPageSchema),
  getSystemHistory: proc({ operationType: "query", userType: "authenticated", access: [access.check.read], ...everyVisible })
    .route({ method: "GET", path: "/systems/{systemId}/history", summary: "Get the recent runs of a system" })
    .input(TimeRangeSchema.and(z.object({ systemId, checkId: checkId.optional(), limit: z.number().int().min(1).max(5000).default(500) })))
    .output(z.array(RunSchema)),
  getSystemAggregates: proc({ operationType: "query", userType: "authenticated", access: [access.check.read], ...everyVisible })
    .route({ method: "GET", path: "/systems/{systemId}/aggregates", summary: "Get hourly or daily aggregates of a system" })
    .input(TimeRangeSchema.and(z.object({ systemId, granularity: z.enum(["hourly", "daily"]) })))
    .output(z.array(BucketSchema)),
  getAvailability: proc({ operationType: "query", userType: "public", access: [access.statusRead], ...everyVisible })
    .route({ method: "POST", path: "/availability", summary: "Get the availability of many systems" })
    .input(z.object({ systemIds: z.array(systemId).min(1).max(500) }))
    .output(z.array(AvailabilitySchema)),
  setSystemThresholds: proc({ operationType: "mutation", userType: "authenticated", access: [access.check.manage], ...everyVisible })
    .route({ method: "PUT", path: "/systems/{systemId}/thresholds", summary: "Set the status thresholds of a system" })
    .input(z.object({ systemId, thresholds: ThresholdsSchema }))
    .output(z.object({ systemId: z.string() })),
  getRetention: proc({ operationType: "query", userType: "authenticated", access: [access.check.read], ...everyVisible })
    .route({ method: "GET", path: "/retention", summary: "Get the run retention settings" }).output(RetentionSchema),
  setRetention: proc({ operationType: "mutation", userType: "authenticated", access: [access.check.manage], ...everyVisible })
    .route({ method: "PUT", path: "/retention", summary: "Set the run retention settings" })
    .input(RetentionSchema)
    .output(RetentionSchema),

  /** For status pages: every system the caller may see, with status and availability. */
  getPublicStatus: proc({ operationType: "query", userType: "public", access: [access.statusRead], ...everyVisible })
    .route({ method: "GET", path: "/public-status", summary: "Get every visible system with status and availability" }).output(
    z.object({
      systems: z.array(
        z.object({ systemId: z.string(), name: z.string(), status: SystemStatusSchema.shape.status, availability: AvailabilitySchema }),
      ),
      generatedAt: z.date(),
    }),
  ),
};
