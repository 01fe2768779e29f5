import { ORPCError } from "@orpc/server";
import type { Logger } from "@checkstack/backend-api";
import { LogThrottle } from "../database/log-throttle";

/** Seconds a caller is asked to wait before retrying while the database is away. */
export const RETRY_AFTER_SECONDS = 2;

// One instance-wide throttle: an outage fails every request at once.
const throttle = new LogThrottle();

/**
 * The answer to a call that failed because the database could not be reached
 * (a restart, a failover, a cut connection): a 503 the caller may retry, not
 * a 500, and a warning (throttled) rather than an error line per request.
 * The HTTP handler adds Retry-After to every 503 it sends.
 */
export function databaseUnavailableError(error: unknown, context: { requestId: string; logger: Logger; path: readonly string[] }): ORPCError<string, unknown> {
  throttle.warn(context.logger, "rpc", "database unavailable; answering 503", { error, procedure: context.path.join("."), requestId: context.requestId });
  return new ORPCError("SERVICE_UNAVAILABLE", {
    message: `The database is unavailable; retry in ${RETRY_AFTER_SECONDS} s (request ${context.requestId})`,
    data: { requestId: context.requestId },
  });
}
