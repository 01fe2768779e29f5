import { Elysia } from "elysia";
import { randomUUID } from "node:crypto";
import type { Logger } from "@checkstack/backend-api";
import { rpcErrorResponse } from "../rpc/rpc-http-handler";
import { isDatabaseUnavailable } from "../database/database-unavailable";

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: unknown }>;
}

export interface HttpAppDeps {
  logger: Logger;
  instanceId: string;
  /** Undefined while the platform is still booting. */
  handleRpc: () => ((request: Request) => Promise<Response>) | undefined;
  /** Plugins' plain HTTP routes; undefined while booting, and resolving undefined where no plugin route is. */
  handlePluginRoute: () => ((request: Request) => Promise<Response | undefined>) | undefined;
  /** GET /api/live (server-sent events); undefined while booting (an app built without it answers 503 there). */
  handleLive?: () => ((request: Request) => Promise<Response>) | undefined;
  readiness: () => Promise<Readiness>;
  /** The web application (server/src/web): answers GETs outside the API, or undefined to leave them unanswered. */
  web?: { handle: (request: Request) => Promise<Response | undefined> };
}

function starting(): Response {
  return rpcErrorResponse(503, "SERVICE_UNAVAILABLE", "The platform is starting; retry shortly", randomUUID());
}

function notFound(path: string): Response {
  return rpcErrorResponse(404, "NOT_FOUND", `Nothing is served at ${path}`, randomUUID());
}

/**
 * The HTTP surface. It is served from the first moment of boot: requests that
 * need plugins get a 503 until the platform is ready, never a crash.
 */
export function createHttpApp(deps: HttpAppDeps) {
  return new Elysia()
    .get("/healthz", () => ({ status: "ok", instanceId: deps.instanceId }))
    .get("/readyz", async () => {
      const readiness = await deps.readiness();
      return Response.json(
        { status: readiness.ready ? "ready" : "not ready", instanceId: deps.instanceId, checks: readiness.checks },
        { status: readiness.ready ? 200 : 503 },
      );
    })
    .get("/api/live", ({ request }) => {
      const handle = deps.handleLive?.();
      if (!handle) return starting();
      return handle(request);
    })
    .all("/api/*", async ({ request }) => {
      const handle = deps.handleRpc();
      if (!handle) return starting();
      return (await deps.handlePluginRoute()?.(request)) ?? handle(request);
    })
    // Plugins' own routes first (status pages, /metrics, feeds), then the web application's pages and assets.
    .all("/*", async ({ request }) => {
      const handle = deps.handlePluginRoute();
      const answer = handle ? await handle(request) : undefined;
      if (answer) return answer;
      const page = request.method === "GET" || request.method === "HEAD" ? await deps.web?.handle(request) : undefined;
      if (page) return page;
      return handle ? notFound(new URL(request.url).pathname) : starting();
    })
    // Errors outside a procedure come in the same body as a procedure's, so clients read one shape.
    .onError(({ code, error, request }) => {
      const requestId = randomUUID();
      const path = new URL(request.url).pathname;
      if (code === "NOT_FOUND") return notFound(path);
      if (code === "PARSE" || code === "VALIDATION") {
        return rpcErrorResponse(400, "BAD_REQUEST", `Bad request: ${error instanceof Error ? error.message : String(error)}`, requestId);
      }
      if (isDatabaseUnavailable(error)) {
        return rpcErrorResponse(503, "SERVICE_UNAVAILABLE", "The database is unavailable; retry shortly", requestId);
      }
      deps.logger.error("unhandled HTTP error", { error, requestId, path });
      return rpcErrorResponse(500, "INTERNAL_SERVER_ERROR", `Internal server error (request ${requestId})`, requestId);
    });
}
