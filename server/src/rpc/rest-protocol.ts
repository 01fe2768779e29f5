import { OpenAPIHandler } from "@orpc/openapi/fetch";
import { experimental_ZodSmartCoercionPlugin as ZodSmartCoercionPlugin } from "@orpc/zod/zod4";
import type { RpcContext } from "@checkstack/backend-api";
import { errorBody, errorHeaders } from "./error-bodies";
import { checkRestRequestBody } from "./request-body";
import type { WireProtocol } from "./wire-protocol";

/** Where REST routes live; the version is part of the path so a v2 can be served beside it one day. */
export const REST_PREFIX = "/api/v1/";

/** The error body REST clients get: oRPC's error object itself, unwrapped. */
export function restErrorResponse(status: number, code: string, message: string, requestId: string, data: Record<string, unknown> = {}): Response {
  return Response.json(errorBody(status, code, message, requestId, data), { status, headers: errorHeaders(status, requestId) });
}

/**
 * REST at /api/v1/<pluginId>/<route path> through oRPC's OpenAPI handler:
 * the method and path come from each contract procedure's `.route()`, path
 * parameters, the query (GET) and the JSON body (other methods) are merged
 * into the input, and query strings are coerced to the schema's types.
 */
export const restProtocol: WireProtocol = {
  prefix: REST_PREFIX,
  createHandler: (router, interceptor) =>
    new OpenAPIHandler<RpcContext>(router, { clientInterceptors: [interceptor], plugins: [new ZodSmartCoercionPlugin()] }),
  errorResponse: restErrorResponse,
  checkBody: checkRestRequestBody,
  unmatched: (pluginId, method, rest) => `Plugin "${pluginId}" has no route ${method} /${rest}`,
};
