import { randomUUID } from "node:crypto";
import type { Logger } from "@checkstack/backend-api";
import { serveApiDocs, DOCS_PATH } from "./api-docs-page";
import type { OpenApiDocuments } from "./openapi-document";
import type { ProcedureHttpHandler } from "./procedure-http-handler";
import { REST_PREFIX, restErrorResponse } from "./rest-protocol";

export const OPENAPI_PATH = "/api/openapi.json";

/**
 * Everything under /api: the OpenAPI document, the API reference page, REST
 * routes under /api/v1/ and RPC procedures at /api/<pluginId>/<procedure>.
 * (Plugin ids "v1" and "docs" are reserved for this.)
 */
export class ApiHttpHandler {
  constructor(
    private readonly rpc: ProcedureHttpHandler,
    private readonly rest: ProcedureHttpHandler,
    private readonly documents: OpenApiDocuments,
    private readonly logger: Logger,
  ) {}

  async handle(request: Request): Promise<Response> {
    const pathname = new URL(request.url).pathname;
    if (pathname.startsWith(REST_PREFIX)) return this.rest.handle(request);
    if (pathname === OPENAPI_PATH) return this.openApi(request);
    if (pathname === DOCS_PATH || pathname.startsWith(`${DOCS_PATH}/`)) {
      const page = request.method === "GET" || request.method === "HEAD" ? await serveApiDocs(pathname) : undefined;
      return page ?? restErrorResponse(404, "NOT_FOUND", `Nothing is served at ${request.method} ${pathname}`, randomUUID());
    }
    return this.rpc.handle(request);
  }

  private async openApi(request: Request): Promise<Response> {
    const requestId = randomUUID();
    if (request.method !== "GET" && request.method !== "HEAD") {
      return restErrorResponse(405, "METHOD_NOT_SUPPORTED", `${OPENAPI_PATH} is read with GET`, requestId);
    }
    try {
      return Response.json(await this.documents.document(), { headers: { "cache-control": "no-cache", "x-request-id": requestId } });
    } catch (error) {
      this.logger.error("the OpenAPI document could not be generated", { error, requestId });
      return restErrorResponse(500, "INTERNAL_SERVER_ERROR", `The OpenAPI document could not be generated (request ${requestId})`, requestId);
    }
  }
}
