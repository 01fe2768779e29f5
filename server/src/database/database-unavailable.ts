import { sqlStateOf } from "@checkstack/backend-api";

/** Socket errors of a server that is down, restarting or unreachable. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND"]);

/**
 * 57P01 admin_shutdown (pg_terminate_backend, fast shutdown), 57P02 crash_shutdown,
 * 57P03 cannot_connect_now (starting up / shutting down), 53300 too_many_connections;
 * class 08 is "connection exception".
 */
const UNAVAILABLE_STATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/** pg's own messages for a connection that is gone or could not be had in time. */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /connection (?:ended|closed) unexpectedly/i,
  /terminating connection due to/i,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
];

function codeOf(error: object): unknown {
  return (error as { code?: unknown }).code;
}

/**
 * Whether an error means "the database cannot be reached right now" rather
 * than "this statement is wrong": the first is the caller's to retry (a 503),
 * the second a fault to investigate. Follows `cause` chains, as drizzle wraps
 * pg's errors.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const state = sqlStateOf(error);
  if (state !== undefined && (UNAVAILABLE_STATES.has(state) || state.startsWith("08"))) return true;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = codeOf(current);
    if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
    const message = current instanceof Error ? current.message : undefined;
    if (message && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
