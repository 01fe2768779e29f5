import { ORPCError, ValidationError } from "@orpc/server";
import { HTTP_STATUS_OF, InputError, isDomainError, sqlStateOf, type DomainError, type Logger } from "@checkstack/backend-api";
import { isDatabaseUnavailable } from "../database/database-unavailable";
import { databaseUnavailableError } from "./database-unavailable-error";

/** Postgres's refusal of a row by a row-level-security policy (or of a privilege the role lacks). */
const INSUFFICIENT_PRIVILEGE = "42501";


export interface CallerErrorContext {
  requestId: string;
  logger: Logger;
  path: readonly string[];
}

/** The caller's answer: oRPC's error body `{code, status, message, data: {requestId, issues?, ...}}`. */
export type CallerError = ORPCError<string, unknown>;

/** Seconds a caller should wait before retrying, for the Retry-After header (429 and 503). */
export function retryAfterOf(error: CallerError): number | undefined {
  const data: unknown = error.data;
  const seconds = typeof data === "object" && data !== null ? (data as { retryAfterSeconds?: unknown }).retryAfterSeconds : undefined;
  return typeof seconds === "number" && Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : undefined;
}

function fromDomainError(error: DomainError, requestId: string): CallerError {
  // Read by shape, not instanceof: the error may come from another copy of the SDK.
  const listed: unknown = (error as { issues?: unknown }).issues;
  const issues = Array.isArray(listed) ? { issues: listed } : {};
  return new ORPCError(error.code, {
    status: HTTP_STATUS_OF[error.code],
    message: error.message,
    data: { ...error.data, ...issues, requestId },
    cause: error,
  });
}

/**
 * Ways of recognising an error as the caller's answer rather than a server
 * fault, tried in order; the first that returns an error wins. A new kind of
 * answer (say, a database that is down) is one more entry here.
 */
type Classifier = (error: unknown, context: CallerErrorContext) => CallerError | undefined;

const classifiers: Classifier[] = [
  // Thrown by plugins and the platform: the intended answer.
  (error, { requestId }) => (isDomainError(error) ? fromDomainError(error, requestId) : undefined),
  // oRPC's own input validation: a 400 listing the issues, like every other input error.
  (error, { requestId }) =>
    error instanceof ORPCError && error.code === "BAD_REQUEST" && error.cause instanceof ValidationError
      ? fromDomainError(InputError.fromIssues("Invalid input", error.cause.issues, { cause: error.cause }), requestId)
      : undefined,
  // A deliberate ORPCError from code that predates the domain errors: passed through, with the request id.
  (error, { requestId }) =>
    error instanceof ORPCError && error.status < 500
      ? new ORPCError(error.code, { status: error.status, message: error.message, data: withRequestId(error.data, requestId), cause: error })
      : undefined,
  // The access decision said no where the rows are: the caller's answer, not a server fault.
  (error, { requestId }) => {
    if (sqlStateOf(error) !== INSUFFICIENT_PRIVILEGE) return undefined;
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : "";
    return new ORPCError("FORBIDDEN", { message: `Refused by row-level security: ${reason}`, data: { requestId } });
  },
];

function withRequestId(data: unknown, requestId: string): Record<string, unknown> {
  return typeof data === "object" && data !== null && !Array.isArray(data) ? { ...(data as Record<string, unknown>), requestId } : { requestId };
}

/**
 * The one place procedure errors are shaped for callers: domain errors and
 * invalid input become their 4xx (or 503); anything else is a 500 carrying
 * only the request id, with the details going to the log.
 */
export function toCallerError(error: unknown, context: CallerErrorContext): CallerError {
  for (const classify of classifiers) {
    const answer = classify(error, context);
    if (answer) return answer;
  }
  if (isDatabaseUnavailable(error)) return databaseUnavailableError(error, context);
  context.logger.error("procedure failed", { error, procedure: context.path.join("."), requestId: context.requestId });
  return new ORPCError("INTERNAL_SERVER_ERROR", {
    message: `Internal server error (request ${context.requestId})`,
    data: { requestId: context.requestId },
  });
}
