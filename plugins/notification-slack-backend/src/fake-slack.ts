import { bodyOf, checkJsonCall, startFakeProvider, type FakeProvider, type RecordedRequest } from "@checkstack/notification-kit/testing";

/** The error codes Slack's incoming webhooks answer with, by status (api.slack.com, "Handling errors"). */
const ERROR_CODES: Record<number, string> = {
  400: "invalid_payload",
  403: "invalid_token",
  404: "no_service",
  410: "channel_is_archived",
  500: "rollup_error",
};

const BLOCK_TYPES_IN_ATTACHMENTS = new Set(["header", "section", "context", "actions", "divider", "image"]);

function checkBlock(block: Record<string, unknown>, index: number): string[] {
  const problems: string[] = [];
  const where = `attachments[0].blocks[${index}]`;
  if (!BLOCK_TYPES_IN_ATTACHMENTS.has(String(block["type"]))) problems.push(`${where}.type ${String(block["type"])} is not a Block Kit block`);
  const text = block["text"] as { type?: string; text?: string } | undefined;
  if (block["type"] === "header" && (text?.type !== "plain_text" || !text.text || text.text.length > 150)) {
    problems.push(`${where}: a header needs plain_text of 1..150 characters`);
  }
  if (block["type"] === "section" && (!text || !["mrkdwn", "plain_text"].includes(text.type ?? "") || !text.text || text.text.length > 3000)) {
    problems.push(`${where}: a section needs mrkdwn or plain_text of 1..3000 characters`);
  }
  if (block["type"] === "context" && (!Array.isArray(block["elements"]) || block["elements"].length === 0 || block["elements"].length > 10)) {
    problems.push(`${where}: a context needs 1..10 elements`);
  }
  if (block["type"] === "actions") {
    for (const element of (block["elements"] as Array<Record<string, unknown>> | undefined) ?? []) {
      if (element["type"] === "button" && !/^https?:\/\//.test(String(element["url"]))) problems.push(`${where}: a link button needs an http(s) url`);
    }
  }
  return problems;
}

/** What an incoming webhook requires: a POST of JSON with `text` (the notification fallback) and valid blocks. */
export function checkSlackRequest(request: RecordedRequest): string[] {
  const problems = checkJsonCall(request, { method: "POST", path: /^\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+$/ });
  const body = bodyOf(request);
  if (typeof body["text"] !== "string" || body["text"].length === 0) problems.push("text (the fallback) must be a non-empty string when blocks are sent");
  const attachments = body["attachments"];
  if (!Array.isArray(attachments) || attachments.length !== 1) return [...problems, "one attachment carrying the colour and the blocks is expected"];
  const attachment = attachments[0] as Record<string, unknown>;
  if (!/^#[0-9A-Fa-f]{6}$/.test(String(attachment["color"]))) problems.push("attachments[0].color must be a hex colour");
  const blocks = attachment["blocks"];
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 50) return [...problems, "attachments[0].blocks must hold 1..50 blocks"];
  return [...problems, ...blocks.flatMap((block, index) => checkBlock(block as Record<string, unknown>, index))];
}

/** Slack's incoming webhook on 127.0.0.1: answers "ok", its plain-text error codes, and 429 with Retry-After. */
export function startFakeSlack(): FakeProvider {
  const text = (status: number, body: string, headers: Record<string, string> = {}) =>
    new Response(body, { status, headers: { "content-type": "text/plain", ...headers } });
  return startFakeProvider({
    check: checkSlackRequest,
    accept: () => text(200, "ok"),
    fail: (status) => text(status, ERROR_CODES[status] ?? "internal_error"),
    rateLimited: (seconds) => text(429, "rate_limited", { "retry-after": String(seconds) }),
  });
}

/** A webhook URL of the documented shape on the fake. */
export function fakeSlackWebhookUrl(baseUrl: string): string {
  return `${baseUrl}/services/T0001/B0001/XXXXXXXXXXXXXXXXXXXXXXXX`;
}
