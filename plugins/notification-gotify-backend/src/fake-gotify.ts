import { bodyOf, checkJsonCall, jsonResponse, startFakeProvider, type FakeProvider, type RecordedRequest } from "@checkstack/notification-kit/testing";

const ERRORS: Record<number, [string, string]> = {
  400: ["Bad Request", "Field 'message' is required"],
  401: ["Unauthorized", "you need to provide a valid access token or user credentials to access this api"],
  403: ["Forbidden", "you are not allowed to access this api"],
  404: ["Not Found", "application does not exist"],
  500: ["Internal Server Error", "unexpected error"],
};

/** POST /message with an application token (X-Gotify-Key header or ?token=) and a JSON message with a required message text. */
export function checkGotifyRequest(request: RecordedRequest): string[] {
  const problems = checkJsonCall(request, { method: "POST", path: /^(\/[\w.-]+)*\/message$/ });
  if (!request.headers.get("x-gotify-key") && !request.query.get("token")) problems.push("no application token (X-Gotify-Key header or token parameter)");
  const body = bodyOf(request);
  if (typeof body["message"] !== "string" || body["message"].length === 0) problems.push("Field 'message' is required");
  if (body["title"] !== undefined && typeof body["title"] !== "string") problems.push("title must be a string");
  if (body["priority"] !== undefined && (!Number.isInteger(body["priority"]) || (body["priority"] as number) < 0)) problems.push("priority must be a non-negative integer");
  if (body["extras"] !== undefined && (typeof body["extras"] !== "object" || body["extras"] === null)) problems.push("extras must be an object");
  return problems;
}

/**
 * A Gotify server on 127.0.0.1: the created message, Gotify's { error, errorCode, errorDescription }.
 * Gotify itself does not rate-limit; its 429 here is what a reverse proxy in front of it answers (Retry-After).
 */
export function startFakeGotify(): FakeProvider {
  let id = 0;
  return startFakeProvider({
    check: checkGotifyRequest,
    accept: (request) => jsonResponse(200, { id: ++id, appid: 1, date: new Date().toISOString(), ...bodyOf(request) }),
    fail: (status, reason) => {
      const [error, description] = ERRORS[status] ?? [`HTTP ${status}`, reason];
      return jsonResponse(status, { error, errorCode: status, errorDescription: status === 400 ? reason : description });
    },
    rateLimited: (seconds) => new Response("<html><body><h1>429 Too Many Requests</h1></body></html>", { status: 429, headers: { "content-type": "text/html", "retry-after": String(seconds) } }),
  });
}

export const FAKE_GOTIFY_TOKEN = "AvKcy8Ow.MIE5xK";
