import type { AnyRouter } from "@orpc/server";
import { randomUUID } from "node:crypto";
import { ForbiddenError, type Principal, type RpcContext } from "@checkstack/backend-api";
import type { Authenticate } from "./authenticate";
import { checkCookieRequest } from "./cookie-request-guard";
import { RETRY_AFTER_SECONDS } from "./database-unavailable-error";
import { acceptInput } from "./input-guards";
import { toCallerError } from "./rpc-errors";
import { buildRpcContext, REQUEST_CALLER, runProcedure, type ProcedureEnvironment, type RequestCaller } from "./procedure-runner";
import { callerErrorResponse, clientRequestIdOf } from "./rpc-http-handler";
import type { PluginWireHandler, ProcedureInterceptor, WireProtocol } from "./wire-protocol";
import type { RouterRegistry } from "../plugin-runtime/router-registry";

type CallerContext = RpcContext & { [REQUEST_CALLER]?: RequestCaller };

/** The reason a restricted principal may not call `procedureId` ("<pluginId>/<path>"), if it may not. */
function restrictionRefusing(principal: Principal, procedureId: string): string | undefined {
  if (principal.type !== "user" || !principal.restrictedTo) return undefined;
  return principal.restrictedTo.procedures.includes(procedureId) ? undefined : principal.restrictedTo.reason;
}

/**
 * Serves the mounted routers in one wire protocol (RPC or REST): the plugin
 * is the path segment after the protocol's prefix. Every request goes the
 * same way, whatever the protocol: cookie-forgery guard, bounded body,
 * authentication, then per procedure the restriction check, the input guards,
 * the database scope and the error shaping (runProcedure), and inside it the
 * plugin's access middleware.
 */
export class ProcedureHttpHandler {
  private readonly handlers = new Map<string, PluginWireHandler>();

  constructor(
    private readonly protocol: WireProtocol,
    routers: RouterRegistry,
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

  private createHandler(router: AnyRouter): PluginWireHandler {
    const interceptor: ProcedureInterceptor = async (options) => {
      const { context, path, procedure } = options;
      const caller = (context as CallerContext)[REQUEST_CALLER];
      await this.refuseRestricted(context, path);
      return runProcedure(this.environment, context, { path, procedure, caller }, () =>
        // Before anything reads the input: middlewares, the access check, the handler.
        options.next({ ...options, input: acceptInput(options.input) }),
      );
    };
    return this.protocol.createHandler(router, interceptor);
  }

  /** Credentials good for some procedures only (a password that must be changed first): refused before any handler. */
  private async refuseRestricted(context: RpcContext, path: readonly string[]): Promise<void> {
    const procedureId = `${context.pluginId}/${path.join("/")}`;
    let refusal = restrictionRefusing(context.principal, procedureId);
    const caller = (context as CallerContext)[REQUEST_CALLER];
    // A remembered principal may predate the change that lifted its restriction: ask again before refusing.
    if (refusal !== undefined && caller && this.environment.memo.epochOf(context.principal) !== undefined) {
      context.principal = await caller.reauthenticate();
      refusal = restrictionRefusing(context.principal, procedureId);
    }
    if (refusal !== undefined) {
      throw toCallerError(new ForbiddenError(refusal), { requestId: context.requestId, logger: context.logger, path });
    }
  }

  async handle(request: Request): Promise<Response> {
    const { protocol } = this;
    // Ours, always: a client-chosen id would let two principals' actions share one id in the audit trail.
    const requestId = randomUUID();
    const clientRequestId = clientRequestIdOf(request.headers);
    const pathname = new URL(request.url).pathname;
    const pluginId = pathname.slice(protocol.prefix.length).split("/")[0] ?? "";
    const handler = this.handlers.get(pluginId);
    if (!handler) return protocol.errorResponse(404, "NOT_FOUND", `No plugin "${pluginId}" is serving procedures`, requestId);
    const forged = checkCookieRequest(request);
    if (!forged.ok) return protocol.errorResponse(forged.status, forged.status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : "FORBIDDEN", forged.message, requestId);
    const checked = await protocol.checkBody(request);
    if ("error" in checked) {
      const answer = toCallerError(checked.error, { requestId, logger: this.environment.logger, path: [pluginId] });
      return callerErrorResponse(answer, requestId, checked.status === 413 ? { status: 413, code: "PAYLOAD_TOO_LARGE" } : undefined, protocol.errorResponse);
    }
    const requestInfo = { headers: checked.request.headers, clientAddress: this.clientAddress(checked.request) };
    let principal: Principal;
    try {
      principal = await this.authenticate(requestInfo);
    } catch (error) {
      // Wrong credentials are a 401 and a starting authenticator a 503, in the one error shape.
      const answer = toCallerError(error, { requestId, logger: this.environment.logger, path: [pluginId, "authenticate"] });
      return callerErrorResponse(answer, requestId, undefined, protocol.errorResponse);
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
    const prefix: `/${string}` = `${protocol.prefix}${pluginId}`;
    const { matched, response } = await handler.handle(checked.request, { prefix, context });
    if (!matched || !response) {
      const rest = pathname.slice(prefix.length + 1);
      return protocol.errorResponse(404, "NOT_FOUND", protocol.unmatched(pluginId, request.method, rest), requestId);
    }
    responseHeaders.forEach((value, name) => response.headers.append(name, value));
    response.headers.set("x-request-id", requestId);
    if (clientRequestId !== undefined) response.headers.set("x-client-request-id", clientRequestId);
    if (response.status === 503) response.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
    return response;
  }
}
