import { randomUUID } from "node:crypto";
import type { Logger, Principal } from "@checkstack/backend-api";
import type { Authenticate } from "../rpc/authenticate";
import { callerErrorResponse, rpcErrorResponse } from "../rpc/rpc-http-handler";
import { toCallerError } from "../rpc/rpc-errors";
import { LiveAccessFilter, type DecideLive } from "./live-access";
import type { LiveHub } from "./live-hub";
import type { LiveItem } from "./live-subscriber";
import { LiveSubscriber } from "./live-subscriber";
import { LiveStream } from "./live-stream";
import { eventFrame, retryFrame } from "./sse-frames";

/** The path the live stream is served at. */
export const LIVE_PATH = "/api/live";

export interface LiveRouteOptions {
  hub: LiveHub;
  authenticate: Authenticate;
  clientAddress: (request: Request) => string | undefined;
  decide: DecideLive;
  readEpoch: () => Promise<number>;
  loadMissed: (afterId: number) => Promise<{ items: LiveItem[]; resync?: string }>;
  logger: Logger;
  instanceId: string;
  /** Bytes a connection may have waiting for its socket before it counts as stalled and is cut. */
  maxQueuedBytes: number;
  maxPendingItems: number;
  reconnectMs: number;
}

/** Last-Event-ID (sent by EventSource on reconnect), or ?lastEventId= for a client's first connection. */
function resumePointOf(request: Request): number | undefined | "invalid" {
  const raw = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
  if (raw === null || raw.trim() === "") return undefined;
  return /^\d{1,18}$/.test(raw.trim()) ? Number(raw.trim()) : "invalid";
}

/**
 * GET /api/live: the request is authenticated exactly as a procedure call is
 * (session cookie or API key, through the platform's authenticator), then
 * answered with a text/event-stream that stays open. Anonymous callers get a
 * 401: nothing on the stream is public.
 */
export function createLiveRoute(options: LiveRouteOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const requestId = randomUUID();
    if (options.hub.isClosed) return rpcErrorResponse(503, "SERVICE_UNAVAILABLE", "This instance is stopping; reconnect", requestId);
    const resumeAfter = resumePointOf(request);
    if (resumeAfter === "invalid") {
      return rpcErrorResponse(400, "BAD_REQUEST", "Last-Event-ID: must be the id of an event this stream sent (digits)", requestId, { field: "Last-Event-ID" });
    }
    const requestInfo = { headers: request.headers, clientAddress: options.clientAddress(request) };
    let principal: Principal;
    let epoch: number;
    try {
      // Read before authenticating: a change committed in between makes the first event authenticate again.
      epoch = await options.readEpoch();
      principal = await options.authenticate(requestInfo, { fresh: true });
    } catch (error) {
      return callerErrorResponse(toCallerError(error, { requestId, logger: options.logger, path: ["live", "authenticate"] }), requestId);
    }
    if (principal.type === "anonymous") {
      return rpcErrorResponse(401, "UNAUTHORIZED", "Sign in (session cookie) or present an API key to receive live updates", requestId);
    }
    if (principal.type === "user" && principal.restrictedTo) return rpcErrorResponse(403, "FORBIDDEN", principal.restrictedTo.reason, requestId);

    const stream = new LiveStream(options.maxQueuedBytes);
    const subscriber = new LiveSubscriber({
      stream,
      access: new LiveAccessFilter(principal, options.decide),
      epoch,
      reauthenticate: async () => {
        try {
          const again = await options.authenticate(requestInfo, { fresh: true });
          return again.type === "anonymous" ? undefined : again;
        } catch {
          return undefined;
        }
      },
      resumedAfter: resumeAfter ?? 0,
      maxPendingItems: options.maxPendingItems,
      logger: options.logger,
    });
    stream.onEnd((reason) => {
      options.hub.remove(subscriber);
      options.logger.debug("live connection ended", { reason, requestId });
    });
    request.signal.addEventListener("abort", () => stream.end("client disconnected", "none"), { once: true });
    stream.write(retryFrame(options.reconnectMs));
    stream.write(eventFrame("live.ready", { instanceId: options.instanceId, resumed: resumeAfter !== undefined }));
    // Registered before the replay is read: whatever arrives meanwhile waits behind it, duplicates are skipped.
    options.hub.add(subscriber);
    if (resumeAfter !== undefined) subscriber.replay(() => options.loadMissed(resumeAfter));
    return new Response(stream.body, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        // Proxies that buffer responses (nginx) would hold events back.
        "x-accel-buffering": "no",
        "x-request-id": requestId,
      },
    });
  };
}
