import { ORPCError, ValidationError } from "@orpc/server";
import { sqlStateOf, type Logger } from "@checkstack/backend-api";
import { isDatabaseUnavailable } from "../database/database-unavailable";
import { databaseUnavailableError } from "./database-unavailable-error";

/** Postgres's refusal of a row by a row-level-security policy (or of a privilege the role lacks). */
const INSUFFICIENT_PRIVILEGE = "42501";

export interface IssueSummary {
  path: string;
  message: string;
}

function summariseIssues(error: ValidationError): IssueSummary[] {
  return error.issues.map((issue) => ({
    path: (issue.path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment)).join("."),
    message: issue.message,
  }));
}

/**
 * The one place procedure errors are shaped for callers: invalid input is a
 * 400 listing the issues; anything that is not a deliberate ORPCError is a 500
 * carrying only the request id, with the details going to the log.
 */
export function toCallerError(error: unknown, context: { requestId: string; logger: Logger; path: readonly string[] }): ORPCError<string, unknown> {
  if (error instanceof ORPCError) {
    if (error.code === "BAD_REQUEST" && error.cause instanceof ValidationError) {
      const issues = summariseIssues(error.cause);
      const first = issues.slice(0, 3).map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
      return new ORPCError("BAD_REQUEST", {
        message: `Invalid input: ${first.join("; ")}`,
        data: { issues, requestId: context.requestId },
        cause: error.cause,
      });
    }
    if (error.status < 500) return error;
  }
  // The access decision said no where the rows are: the caller's answer, not a server fault.
  if (sqlStateOf(error) === INSUFFICIENT_PRIVILEGE) {
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : "";
    return new ORPCError("FORBIDDEN", { message: `Refused by row-level security: ${reason}`, data: { requestId: context.requestId } });
  }
  if (isDatabaseUnavailable(error)) return databaseUnavailableError(error, context);
  context.logger.error("procedure failed", { error, procedure: context.path.join("."), requestId: context.requestId });
  return new ORPCError("INTERNAL_SERVER_ERROR", {
    message: `Internal server error (request ${context.requestId})`,
    data: { requestId: context.requestId },
  });
}
