import { z } from "zod";
import { dateInput } from "./dates";

/** The most audit entries one page returns. */
export const MAX_AUDIT_PAGE = 500;
/** The entries a page returns when the query names no limit. */
export const DEFAULT_AUDIT_PAGE = 100;

/**
 * A query of the audit log, newest first, paged backwards by id. One definition for the
 * auth plugin's procedure (its input) and the platform's access administration (which
 * checks again at the boundary of its tables).
 */
export const AuditQuerySchema = z
  .object({
    /** A principal label as recorded: "user:<id>", "application:<id>", "system:<plugin>", "anonymous". */
    principal: z.string().min(1).max(300).optional(),
    schemaName: z.string().min(1).max(63).optional(),
    tableName: z.string().min(1).max(63).optional(),
    from: dateInput().optional(),
    to: dateInput().optional(),
    beforeId: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(MAX_AUDIT_PAGE, `at most ${MAX_AUDIT_PAGE} entries per page`).default(DEFAULT_AUDIT_PAGE),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: "from must not be after to", path: ["from"] });
