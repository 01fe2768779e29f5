import { bodyOf, checkJsonCall, jsonResponse, startFakeProvider, type FakeProvider, type RecordedRequest } from "@checkstack/notification-kit/testing";
import { randomUUID } from "node:crypto";

const KEY = /^[A-Za-z0-9]{30}$/;

/** messages.json: token, user and message required; the documented limits; priority 2 needs retry >= 30 and expire <= 10800. */
export function checkPushoverRequest(request: RecordedRequest): string[] {
  const problems = checkJsonCall(request, { method: "POST", path: "/1/messages.json" });
  const body = bodyOf(request);
  if (!KEY.test(String(body["token"]))) problems.push("application token is invalid");
  if (!KEY.test(String(body["user"]))) problems.push("user identifier is not a valid user, group, or subscribed user key");
  if (typeof body["message"] !== "string" || body["message"].length === 0) problems.push("message cannot be blank");
  else if (body["message"].length > 1024) problems.push("message is too long (1024 characters)");
  if (typeof body["title"] === "string" && body["title"].length > 250) problems.push("title is too long (250 characters)");
  if (typeof body["url"] === "string" && body["url"].length > 512) problems.push("url is too long (512 characters)");
  if (typeof body["url_title"] === "string" && body["url_title"].length > 100) problems.push("url_title is too long (100 characters)");
  const priority = body["priority"];
  if (priority !== undefined && (!Number.isInteger(priority) || (priority as number) < -2 || (priority as number) > 2)) problems.push("priority must be -2..2");
  if (priority === 2) {
    if (!Number.isInteger(body["retry"]) || (body["retry"] as number) < 30) problems.push("retry must be supplied with priority=2 and be at least 30");
    if (!Number.isInteger(body["expire"]) || (body["expire"] as number) > 10_800) problems.push("expire must be supplied with priority=2 and be at most 10800");
  }
  if (body["timestamp"] !== undefined && !Number.isInteger(body["timestamp"])) problems.push("timestamp must be a Unix timestamp");
  return problems;
}

/**
 * The Pushover API on 127.0.0.1: { status: 1, request } (and a receipt for emergency priority), its
 * { status: 0, errors } refusals, and 429 when the application is over its monthly limit (no wait stated).
 */
export function startFakePushover(): FakeProvider {
  return startFakeProvider({
    check: checkPushoverRequest,
    accept: (request) => jsonResponse(200, { status: 1, request: randomUUID(), ...(bodyOf(request)["priority"] === 2 ? { receipt: "rcpt0123456789abcdefghijklmnop" } : {}) }),
    fail: (status, reason) => jsonResponse(status, { status: 0, errors: [reason], request: randomUUID() }),
    rateLimited: () =>
      jsonResponse(429, { status: 0, errors: ["application has exceeded its monthly message limit"], request: randomUUID() }, { "x-limit-app-limit": "10000", "x-limit-app-remaining": "0" }),
  });
}

export const FAKE_PUSHOVER_APP_TOKEN = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";
export const FAKE_PUSHOVER_USER_KEY = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";
