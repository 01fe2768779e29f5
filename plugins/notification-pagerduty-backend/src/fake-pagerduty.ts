import { bodyOf, checkJsonCall, jsonResponse, startFakeProvider, type FakeProvider, type RecordedRequest } from "@checkstack/notification-kit/testing";

const ACTIONS = new Set(["trigger", "acknowledge", "resolve"]);
const SEVERITIES = new Set(["critical", "error", "warning", "info"]);

/** Events API v2: POST /v2/enqueue; a trigger needs payload.summary, source and severity; acknowledge and resolve need the dedup_key. */
export function checkPagerdutyRequest(request: RecordedRequest): string[] {
  const problems = checkJsonCall(request, { method: "POST", path: "/v2/enqueue" });
  const body = bodyOf(request);
  if (typeof body["routing_key"] !== "string" || body["routing_key"].length !== 32) problems.push("'routing_key' is invalid");
  const action = body["event_action"];
  if (!ACTIONS.has(String(action))) return [...problems, "'event_action' must be trigger, acknowledge or resolve"];
  const dedupKey = body["dedup_key"];
  if (dedupKey !== undefined && (typeof dedupKey !== "string" || dedupKey.length === 0 || dedupKey.length > 255)) problems.push("'dedup_key' must be 1..255 characters");
  if (action !== "trigger") {
    if (typeof dedupKey !== "string") problems.push(`'dedup_key' is required to ${String(action)}`);
    return problems;
  }
  const payload = (body["payload"] ?? {}) as Record<string, unknown>;
  if (typeof payload["summary"] !== "string" || payload["summary"].length === 0 || payload["summary"].length > 1024) problems.push("'payload.summary' is missing or blank");
  if (typeof payload["source"] !== "string" || payload["source"].length === 0) problems.push("'payload.source' is missing or blank");
  if (!SEVERITIES.has(String(payload["severity"]))) problems.push("'payload.severity' must be critical, error, warning or info");
  if (payload["timestamp"] !== undefined && Number.isNaN(Date.parse(String(payload["timestamp"])))) problems.push("'payload.timestamp' must be ISO 8601");
  for (const link of (body["links"] as Array<{ href?: unknown }> | undefined) ?? []) if (typeof link.href !== "string") problems.push("every link needs an href");
  return problems;
}

/**
 * The Events API on 127.0.0.1: 202 { status, message, dedup_key } (generating a key when none is sent),
 * 400 { status: "invalid event", message, errors }, and a bare 429 (the API states no wait).
 */
export function startFakePagerduty(): FakeProvider {
  let generated = 0;
  return startFakeProvider({
    check: checkPagerdutyRequest,
    accept: (request) => {
      const dedupKey = bodyOf(request)["dedup_key"];
      return jsonResponse(202, { status: "success", message: "Event processed", dedup_key: typeof dedupKey === "string" ? dedupKey : `generated-${++generated}` });
    },
    fail: (status, reason) =>
      status === 400 ? jsonResponse(400, { status: "invalid event", message: "Event object is invalid", errors: [reason] }) : jsonResponse(status, { status: "error", message: reason }),
    rateLimited: () => jsonResponse(429, { status: "throttle event", message: "Requests for this service are arriving too quickly. Please retry later." }),
  });
}

export const FAKE_PAGERDUTY_ROUTING_KEY = "R0123456789abcdefR0123456789abcd";
