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
  readiness: () => Promise<Readiness>;
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
    .all("/api/*", ({ request }) => {
      const handle = deps.handleRpc();
      if (!handle) {
        return rpcErrorResponse(503, "SERVICE_UNAVAILABLE", "The platform is starting; retry shortly", randomUUID());
      }
      return handle(request);
    })
    .onError(({ code, error, request }) => {
      const requestId = randomUUID();
      if (code === "NOT_FOUND") {
        return Response.json({ error: "not found", path: new URL(request.url).pathname }, { status: 404 });
      }
      if (code === "PARSE" || code === "VALIDATION") {
        return Response.json({ error: "bad request", message: error instanceof Error ? error.message : String(error) }, { status: 400 });
      }
      if (isDatabaseUnavailable(error)) {
        return rpcErrorResponse(503, "SERVICE_UNAVAILABLE", "The database is unavailable; retry shortly", requestId);
      }
      deps.logger.error("unhandled HTTP error", { error, requestId, path: new URL(request.url).pathname });
      return Response.json({ error: "internal server error", requestId }, { status: 500 });
    });
}
