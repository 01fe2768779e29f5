import { RPCHandler } from "@orpc/server/fetch";
import type { RpcContext } from "@checkstack/backend-api";
import { errorBody, errorHeaders } from "./error-bodies";
import { checkRequestBody } from "./request-body";
import type { CallerError } from "./rpc-errors";
import type { WireProtocol } from "./wire-protocol";

/** A client's X-Request-Id is kept only when it is short printable ASCII: it goes into logs and the audit trail. */
const CLIENT_REQUEST_ID = /^[\x21-\x7e][\x20-\x7e]{0,99}$/;

export function clientRequestIdOf(headers: Headers): string | undefined {
  const value = headers.get("x-request-id")?.trim();
  return value && CLIENT_REQUEST_ID.test(value) ? value : undefined;
}

/** The body oRPC's RPC clients decode as an ORPCError, for answers given before a router is reached. */
export function rpcErrorResponse(status: number, code: string, message: string, requestId: string, data: Record<string, unknown> = {}): Response {
  return Response.json({ json: errorBody(status, code, message, requestId, data) }, { status, headers: errorHeaders(status, requestId) });
}

type ErrorResponder = WireProtocol["errorResponse"];

/** The same body for an error shaped by toCallerError outside a procedure (authentication, transport guards). */
export function callerErrorResponse(
  error: CallerError,
  requestId: string,
  override?: { status: number; code: string },
  respond: ErrorResponder = rpcErrorResponse,
): Response {
  const data: unknown = error.data;
  const extra = typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  return respond(override?.status ?? error.status, override?.code ?? error.code, error.message, requestId, extra);
}

/** oRPC's RPC protocol at /api/<pluginId>/<procedure path>: POST (GET for procedures routed GET), bodies in `{json, meta}`. */
export const rpcProtocol: WireProtocol = {
  prefix: "/api/",
  createHandler: (router, interceptor) => new RPCHandler<RpcContext>(router, { clientInterceptors: [interceptor] }),
  errorResponse: rpcErrorResponse,
  checkBody: checkRequestBody,
  unmatched: (pluginId, _method, rest) => `Plugin "${pluginId}" has no procedure "${rest}"`,
};
