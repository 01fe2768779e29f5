import { bodyOf, checkJsonCall, jsonResponse, startFakeProvider, type FakeProvider, type RecordedRequest } from "@checkstack/notification-kit/testing";

const ERROR_IDS: Record<number, string> = {
  400: "web.incoming_webhook.text.app_error",
  401: "api.context.session_expired.app_error",
  403: "web.incoming_webhook.disabled.app_error",
  404: "web.incoming_webhook.invalid.app_error",
};

/** Incoming webhooks: POST /hooks/<key> with text or attachments; attachment colours are hex. */
export function checkMattermostRequest(request: RecordedRequest): string[] {
  const problems = checkJsonCall(request, { method: "POST", path: /^\/hooks\/[a-z0-9]{26}$/ });
  const body = bodyOf(request);
  const attachments = body["attachments"] as Array<Record<string, unknown>> | undefined;
  const hasText = typeof body["text"] === "string" && body["text"].length > 0;
  if (!hasText && (!Array.isArray(attachments) || attachments.length === 0)) return [...problems, "No text specified: text or attachments are required"];
  if (hasText && (body["text"] as string).length > 16_383) problems.push("text is longer than 16383");
  for (const attachment of attachments ?? []) {
    if (attachment["color"] !== undefined && !/^#[0-9A-Fa-f]{6}$/.test(String(attachment["color"]))) problems.push("an attachment color must be a hex colour");
    if (typeof attachment["fallback"] !== "string") problems.push("an attachment needs a fallback text");
    const fields = (attachment["fields"] as Array<Record<string, unknown>> | undefined) ?? [];
    if (fields.some((field) => typeof field["title"] !== "string" || typeof field["short"] !== "boolean")) problems.push("attachment fields need a title and a boolean short");
  }
  return problems;
}

/** A Mattermost server's incoming webhook on 127.0.0.1: "ok", its app-error JSON, and its rate limiter's 429. */
export function startFakeMattermost(): FakeProvider {
  return startFakeProvider({
    check: checkMattermostRequest,
    accept: () => new Response("ok", { status: 200, headers: { "content-type": "text/plain" } }),
    fail: (status, reason) =>
      jsonResponse(status, { id: ERROR_IDS[status] ?? "app.internal_error", message: reason, detailed_error: "", request_id: "fake7xq1", status_code: status }),
    rateLimited: (seconds) =>
      new Response("limit exceeded\n", {
        status: 429,
        headers: { "content-type": "text/plain", "retry-after": String(seconds), "x-ratelimit-limit": "10", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(seconds) },
      }),
  });
}

/** A webhook URL of the documented shape on the fake. */
export function fakeMattermostWebhookUrl(baseUrl: string): string {
  return `${baseUrl}/hooks/xf3kq8e7bjgz5pwy1mn4c6dtra`;
}
