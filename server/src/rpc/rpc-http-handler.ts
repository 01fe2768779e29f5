import { RPCHandler } from "@orpc/server/fetch";
import type { AnyRouter } from "@orpc/server";
import { randomUUID } from "node:crypto";
import type { Principal, RpcContext } from "@checkstack/backend-api";
import type { Authenticate } from "./authenticate";
import { checkCookieRequest } from "./cookie-request-guard";
import { RETRY_AFTER_SECONDS } from "./database-unavailable-error";
import { acceptInput } from "./input-guards";
import { checkRequestBody } from "./request-body";
import { toCallerError, type CallerError } from "./rpc-errors";
import { buildRpcContext, REQUEST_CALLER, runProcedure, type ProcedureEnvironment, type RequestCaller } from "./procedure-runner";
import type { RouterRegistry } from "../plugin-runtime/router-registry";

const API_PREFIX = "/api/";

/** A client's X-Request-Id is kept only when it is short printable ASCII: it goes into logs and the audit trail. */
const CLIENT_REQUEST_ID = /^[\x21-\x7e][\x20-\x7e]{0,99}$/;

export function clientRequestIdOf(headers: Headers): string | undefined {
  const value = headers.get("x-request-id")?.trim();
  return value && CLIENT_REQUEST_ID.test(value) ? value : undefined;
}

type CallerContext = RpcContext & { [REQUEST_CALLER]?: RequestCaller };

/** The body oRPC clients decode as an ORPCError, for answers given before a router is reached. */
export function rpcErrorResponse(status: number, code: string, message: string, requestId: string, data: Record<string, unknown> = {}): Response {
  return Response.json(
    { json: { defined: false, code, status, message, data: { ...data, requestId } } },
    { status, headers: { "x-request-id": requestId, ...(status === 503 ? { "retry-after": String(RETRY_AFTER_SECONDS) } : {}) } },
  );
}

/** The same body for an error shaped by toCallerError outside a procedure (authentication, transport guards). */
export function callerErrorResponse(error: CallerError, requestId: string, override?: { status: number; code: string }): Response {
  const data: unknown = error.data;
  const extra = typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  return rpcErrorResponse(override?.status ?? error.status, override?.code ?? error.code, error.message, requestId, extra);
}

/** The reason a restricted principal may not call `procedureId` ("<pluginId>/<path>"), if it may not. */
function restrictionRefusing(principal: Principal, procedureId: string): string | undefined {
  if (principal.type !== "user" || !principal.restrictedTo) return undefined;
  return principal.restrictedTo.procedures.includes(procedureId) ? undefined : principal.restrictedTo.reason;
}

/** Serves /api/<pluginId>/<procedure> from the mounted routers. */
export class RpcHttpHandler {
  private readonly handlers = new Map<string, RPCHandler<RpcContext>>();

  constructor(
    private readonly routers: RouterRegistry,
    private readonly environment: ProcedureEnvironment,
    private readonly authenticate: Authenticate,
    private readonly clientAddress: (request: Request) => string | undefined,
  ) {
    routers.onChange((pluginId, router) => {
      if (router) this.handlers.set(pluginId, this.createHandler(router));
      else this.handlers.delete(pluginId);
    });
    for (const pluginId of routers.pluginIds()) {
      const router = routers.get(pluginId);
      if (router) this.handlers.set(pluginId, this.createHandler(router));
    }
  }

  private createHandler(router: AnyRouter): RPCHandler<RpcContext> {
    return new RPCHandler<RpcContext>(router, {
      clientInterceptors: [
        (options) => {
          const { context, path, procedure } = options;
          return runProcedure(this.environment, context, { path, procedure, caller: (context as CallerContext)[REQUEST_CALLER] }, () =>
            // Before anything reads the input: middlewares, the access check, the handler.
            options.next({ ...options, input: acceptInput(options.input) }),
          );
        },
      ],
    });
  }

  async handle(request: Request): Promise<Response> {
    // Ours, always: a client-chosen id would let two principals' actions share one id in the audit trail.
    const requestId = randomUUID();
    const clientRequestId = clientRequestIdOf(request.headers);
    const pathname = new URL(request.url).pathname;
    const pluginId = pathname.slice(API_PREFIX.length).split("/")[0] ?? "";
    const handler = this.handlers.get(pluginId);
    if (!handler) return rpcErrorResponse(404, "NOT_FOUND", `No plugin "${pluginId}" is serving procedures`, requestId);
    const forged = checkCookieRequest(request);
    if (!forged.ok) return rpcErrorResponse(forged.status, forged.status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : "FORBIDDEN", forged.message, requestId);
    const checked = await checkRequestBody(request);
    if ("error" in checked) {
      const answer = toCallerError(checked.error, { requestId, logger: this.environment.logger, path: [pluginId] });
      return callerErrorResponse(answer, requestId, checked.status === 413 ? { status: 413, code: "PAYLOAD_TOO_LARGE" } : undefined);
    }
    const requestInfo = { headers: checked.request.headers, clientAddress: this.clientAddress(checked.request) };
    let principal: Principal;
    try {
      principal = await this.authenticate(requestInfo);
      // Credentials good for some procedures only (a password that must be changed first): refused before any handler.
      const procedureId = pathname.slice(API_PREFIX.length);
      let refusal = restrictionRefusing(principal, procedureId);
      // A remembered principal may predate the change that lifted its restriction: ask again before refusing.
      if (refusal !== undefined && this.environment.memo.epochOf(principal) !== undefined) {
        principal = await this.authenticate(requestInfo, { fresh: true });
        refusal = restrictionRefusing(principal, procedureId);
      }
      if (refusal !== undefined) return rpcErrorResponse(403, "FORBIDDEN", refusal, requestId);
    } catch (error) {
      // Wrong credentials are a 401 and a starting authenticator a 503, in the one error shape.
      return callerErrorResponse(toCallerError(error, { requestId, logger: this.environment.logger, path: [pluginId, "authenticate"] }), requestId);
    }
    const responseHeaders = new Headers();
    // How the caller was established travels in the context (oRPC copies contexts, so it must be a property).
    const context: CallerContext = {
      ...buildRpcContext(this.environment, { pluginId, principal, requestId }),
      ...(clientRequestId !== undefined ? { clientRequestId } : {}),
      request: requestInfo,
      responseHeaders,
      [REQUEST_CALLER]: { reauthenticate: () => this.authenticate(requestInfo, { fresh: true }) },
    };
    const { matched, response } = await handler.handle(checked.request, { prefix: `/api/${pluginId}`, context });
    if (!matched) {
      const procedure = pathname.slice(`/api/${pluginId}/`.length);
      return rpcErrorResponse(404, "NOT_FOUND", `Plugin "${pluginId}" has no procedure "${procedure}"`, requestId);
    }
    responseHeaders.forEach((value, name) => response.headers.append(name, value));
    response.headers.set("x-request-id", requestId);
    if (clientRequestId !== undefined) response.headers.set("x-client-request-id", clientRequestId);
    if (response.status === 503) response.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
    return response;
  }
}
