import type { AnyRouter } from "@orpc/server";
import type { StandardHandlerOptions } from "@orpc/server/standard";
import type { RpcContext } from "@checkstack/backend-api";
import type { CheckedRequest } from "./request-body";

/** What the platform does around every procedure call, whichever protocol carried it. */
export type ProcedureInterceptor = NonNullable<StandardHandlerOptions<RpcContext>["clientInterceptors"]>[number];

/** One plugin's router, served in one protocol. */
export interface PluginWireHandler {
  handle(request: Request, options: { prefix: `/${string}`; context: RpcContext }): Promise<{ matched: boolean; response?: Response | undefined }>;
}

/**
 * How requests and answers look on the wire: oRPC's RPC protocol at
 * /api/<pluginId>/<procedure>, or REST (OpenAPI) at /api/v1/<pluginId>/<path>.
 * Everything else (authentication, guards, access, scopes, errors) is the
 * same code for both (ProcedureHttpHandler).
 */
export interface WireProtocol {
  /** "/api/" or "/api/v1/": the plugin id is the path segment after it. */
  prefix: `/${string}/`;
  createHandler(router: AnyRouter, interceptor: ProcedureInterceptor): PluginWireHandler;
  /** An answer given before a procedure is reached, in the body this protocol's clients decode as an error. */
  errorResponse(status: number, code: string, message: string, requestId: string, data?: Record<string, unknown>): Response;
  /** Reads the body once (bounded) and checks what the transport requires of it. */
  checkBody(request: Request): Promise<CheckedRequest>;
  /** The 404 message for a request no procedure of the plugin matched (`rest`: the path after the plugin id). */
  unmatched(pluginId: string, method: string, rest: string): string;
}
