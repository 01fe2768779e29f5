import { z } from "zod";
import { InputError, RateLimitedError, type HttpRoute, type HttpRouteRequest } from "@checkstack/backend-api";
import { PING_PATH_PREFIX } from "@checkstack/healthcheck-heartbeat-common";
import { PINGS_PER_MINUTE, type HeartbeatStore, type Ping, type PingKind } from "./heartbeat-store";

const MAX_BODY_BYTES = 10 * 1024;
const MAX_MESSAGE = 1000;

const JsonPingSchema = z.object({
  status: z.int("status must be a whole number (an exit status)").min(0).max(255).optional(),
  message: z.string().optional(),
});

/** The same answer for a token that never existed and one that was replaced: nothing to learn from it. */
function unknownToken(): Response {
  return Response.json({ error: "not found" }, { status: 404 });
}

function exitStatusOf(value: string | null): number | undefined {
  if (value === null || value === "") return undefined;
  const parsed = JsonPingSchema.shape.status.safeParse(Number(value));
  if (!parsed.success || !/^\d+$/.test(value)) throw new InputError("must be a whole number from 0 to 255 (an exit status)", { path: "status" });
  return parsed.data;
}

/** The report's details from the query (?status=&message=), a JSON body {status, message} or a text body. */
async function readPing(request: Request, kind: PingKind): Promise<Ping> {
  const url = new URL(request.url);
  let exitStatus = exitStatusOf(url.searchParams.get("status"));
  let message = url.searchParams.get("message") ?? undefined;
  if (request.method === "POST") {
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_BODY_BYTES) throw new InputError(`a ping's body can be at most ${MAX_BODY_BYTES} bytes`);
    const text = (await request.text()).slice(0, MAX_BODY_BYTES);
    if (text.trim() !== "") {
      if (request.headers.get("content-type")?.startsWith("application/json")) {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw new InputError("the body is not valid JSON");
        }
        const parsed = JsonPingSchema.safeParse(json);
        if (!parsed.success) throw InputError.fromIssues("Invalid ping body", parsed.error.issues);
        exitStatus = parsed.data.status ?? exitStatus;
        message = parsed.data.message ?? message;
      } else {
        message = text;
      }
    }
  }
  // A non-zero exit status is a failure whatever URL reported it: `cmd; curl .../$?` is the common idiom.
  const effective: PingKind = kind === "success" && exitStatus !== undefined && exitStatus !== 0 ? "fail" : kind;
  return {
    kind: effective,
    ...(message !== undefined ? { message: message.trim().slice(0, MAX_MESSAGE) } : {}),
    ...(exitStatus !== undefined ? { exitStatus } : {}),
  };
}

/** Answers `<prefix>/<token>` (success), `/fail` and `/start`, on any instance, by GET or POST. */
export function pingRoutes(store: () => HeartbeatStore): HttpRoute[] {
  const handle = (kind: PingKind) => async ({ request, params }: HttpRouteRequest): Promise<Response> => {
    const token = params["token"] ?? "";
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return unknownToken();
    const outcome = await store().recordPing(token, await readPing(request, kind));
    if (outcome.recorded) return Response.json({ ok: true, kind });
    if (outcome.reason === "unknown-token") return unknownToken();
    throw new RateLimitedError(`at most ${PINGS_PER_MINUTE} pings a minute per URL`, outcome.retryAfterSeconds);
  };
  const methods = ["GET", "POST"] as const;
  return [
    { method: methods, path: `${PING_PATH_PREFIX}/:token`, handler: handle("success") },
    { method: methods, path: `${PING_PATH_PREFIX}/:token/fail`, handler: handle("fail") },
    { method: methods, path: `${PING_PATH_PREFIX}/:token/start`, handler: handle("start") },
  ];
}
