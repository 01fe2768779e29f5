import { bodyOf, checkJsonCall, jsonResponse, startFakeProvider, type FakeProvider, type RecordedRequest } from "@checkstack/notification-kit/testing";

const ERRORS: Record<number, { code: number; error: string }> = {
  400: { code: 40001, error: "invalid request: message is too large or malformed" },
  401: { code: 40101, error: "unauthorized" },
  403: { code: 40301, error: "forbidden" },
  404: { code: 40401, error: "page not found" },
};

/** Publish as JSON: POST to the server's root with a topic; priority 1..5; tags a list; an optional Bearer token. */
export function checkNtfyRequest(request: RecordedRequest): string[] {
  const problems = checkJsonCall(request, { method: "POST", path: "/" });
  const body = bodyOf(request);
  if (typeof body["topic"] !== "string" || !/^[-_A-Za-z0-9]{1,64}$/.test(body["topic"])) problems.push("topic is missing or invalid");
  if (body["message"] !== undefined && typeof body["message"] !== "string") problems.push("message must be a string");
  if (typeof body["message"] === "string" && Buffer.byteLength(body["message"]) > 4096) problems.push("message is larger than 4096 bytes");
  if (body["priority"] !== undefined && (!Number.isInteger(body["priority"]) || (body["priority"] as number) < 1 || (body["priority"] as number) > 5)) {
    problems.push("priority must be 1..5");
  }
  if (body["tags"] !== undefined && (!Array.isArray(body["tags"]) || body["tags"].some((tag) => typeof tag !== "string"))) problems.push("tags must be a list of strings");
  if (body["click"] !== undefined && !/^https?:\/\//.test(String(body["click"]))) problems.push("click must be a URL");
  const authorization = request.headers.get("authorization");
  if (authorization !== null && !/^(Bearer \S+|Basic \S+)$/.test(authorization)) problems.push("authorization must be Bearer <token> or Basic <credentials>");
  return problems;
}

/** An ntfy server on 127.0.0.1: the published message event, ntfy's { code, http, error, link } errors, and its 42901 rate limit. */
export function startFakeNtfy(): FakeProvider {
  let counter = 0;
  return startFakeProvider({
    check: checkNtfyRequest,
    accept: (request) => {
      const body = bodyOf(request);
      const time = Math.floor(Date.now() / 1000);
      return jsonResponse(200, { id: `msg${++counter}`, time, expires: time + 43_200, event: "message", ...body });
    },
    fail: (status, reason) => jsonResponse(status, { ...(ERRORS[status] ?? { code: status * 100 + 1, error: reason }), http: status, link: "https://ntfy.sh/docs/publish/" }),
    rateLimited: () => jsonResponse(429, { code: 42901, http: 429, error: "limit reached: too many requests; increase your limits with a paid plan, see https://ntfy.sh", link: "https://ntfy.sh/docs/publish/#limitations" }),
  });
}
