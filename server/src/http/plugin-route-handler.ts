import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { ForbiddenError, type AccessDecider, type Logger, type Principal } from "@checkstack/backend-api";
import { qualifyAccessRuleId } from "@checkstack/common";
import { runInDbScope } from "../database/db-scope";
import type { Authenticate } from "../rpc/authenticate";
import { checkCookieRequest } from "../rpc/cookie-request-guard";
import { callerErrorResponse, rpcErrorResponse } from "../rpc/rpc-http-handler";
import { retryAfterOf, toCallerError } from "../rpc/rpc-errors";
import type { PluginRouteTable } from "./plugin-route-table";

export interface PluginRouteHandlerDeps {
  routes: PluginRouteTable;
  authenticate: Authenticate;
  clientAddress: (request: Request) => string | undefined;
  logger: Logger;
  pool: Pool;
  access: AccessDecider;
}

/** Answers a request from a plugin's plain HTTP route; undefined when no route serves its path. */
export type PluginRouteDispatch = (request: Request) => Promise<Response | undefined>;

/**
 * Runs plugin routes with what procedures get: the same authentication (asked only when the handler wants
 * the caller), the same forged-cookie guard for writes, and the same error answers.
 */
export function createPluginRouteDispatch(deps: PluginRouteHandlerDeps): PluginRouteDispatch {
  return async (request) => {
    const pathname = new URL(request.url).pathname;
    const matched = deps.routes.match(request.method, pathname);
    if (!matched) {
      if (!deps.routes.servesPath(pathname)) return undefined;
      return rpcErrorResponse(405, "METHOD_NOT_ALLOWED", `${request.method} is not served at ${pathname}`, randomUUID());
    }
    const requestId = randomUUID();
    const clientAddress = deps.clientAddress(request);
    let principal: Promise<Principal> | undefined;
    const resolvePrincipal = async (fresh = false): Promise<Principal> => {
      const forged = checkCookieRequest(request);
      if (!forged.ok) throw new ForbiddenError(forged.message);
      return deps.authenticate({ headers: request.headers, clientAddress }, { fresh });
    };
    // Decided on a freshly read principal: no remembered answer, so no access epoch to confirm afterwards.
    const mayUse = async (rules: readonly string[]): Promise<boolean> => {
      const caller = await resolvePrincipal(true);
      const qualified = rules.map((rule) => qualifyAccessRuleId(matched.pluginId, rule));
      return runInDbScope(deps.pool, { principal: caller, requestId, readOnly: true }, () => deps.access.allows({ rules: qualified }));
    };
    try {
      const response = await matched.handler({
        request,
        params: matched.params,
        clientAddress,
        principal: () => (principal ??= resolvePrincipal()),
        mayUse,
      });
      return withRequestId(response, requestId);
    } catch (error) {
      const path = [matched.pluginId, pathname];
      const answer = toCallerError(error, { requestId, logger: deps.logger, path });
      const response = callerErrorResponse(answer, requestId);
      const retryAfter = retryAfterOf(answer);
      if (retryAfter !== undefined) response.headers.set("retry-after", String(retryAfter));
      return response;
    }
  };
}

/** A response built from a fetch has read-only headers: those are copied rather than changed. */
function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set("x-request-id", requestId);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set("x-request-id", requestId);
    return copy;
  }
}
