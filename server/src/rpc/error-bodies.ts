import { RETRY_AFTER_SECONDS } from "./database-unavailable-error";

/** oRPC's error body: what both protocols' clients decode as an ORPCError (RPC wraps it in `json`). */
export interface ErrorBody {
  defined: false;
  code: string;
  status: number;
  message: string;
  data: Record<string, unknown>;
}

export function errorBody(status: number, code: string, message: string, requestId: string, data: Record<string, unknown> = {}): ErrorBody {
  return { defined: false, code, status, message, data: { ...data, requestId } };
}

/** The headers every error answer carries: its request id, and when to retry a 503. */
export function errorHeaders(status: number, requestId: string): Record<string, string> {
  return { "x-request-id": requestId, ...(status === 503 ? { "retry-after": String(RETRY_AFTER_SECONDS) } : {}) };
}
