import { bodyOf, checkJsonCall, jsonResponse, startFakeProvider, type FakeProvider, type RecordedRequest } from "@checkstack/notification-kit/testing";

/** Discord's JSON errors by status: { message, code } (discord.com/developers/docs/topics/opcodes-and-status-codes). */
const ERRORS: Record<number, { message: string; code: number }> = {
  400: { message: "Invalid Form Body", code: 50035 },
  401: { message: "401: Unauthorized", code: 0 },
  403: { message: "Missing Permissions", code: 50013 },
  404: { message: "Unknown Webhook", code: 10015 },
};

function checkEmbed(embed: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const length = (key: string) => (typeof embed[key] === "string" ? (embed[key] as string).length : 0);
  if (length("title") > 256) problems.push("embeds[0].title is longer than 256");
  if (length("description") > 4096) problems.push("embeds[0].description is longer than 4096");
  if (!Number.isInteger(embed["color"]) || (embed["color"] as number) < 0 || (embed["color"] as number) > 0xffffff) {
    problems.push("embeds[0].color must be an integer RGB value");
  }
  if (embed["timestamp"] !== undefined && Number.isNaN(Date.parse(String(embed["timestamp"])))) problems.push("embeds[0].timestamp must be ISO 8601");
  const fields = (embed["fields"] as Array<{ name?: string; value?: string }> | undefined) ?? [];
  if (fields.length > 25) problems.push("embeds[0] may hold at most 25 fields");
  for (const field of fields) {
    if (!field.name || field.name.length > 256 || !field.value || field.value.length > 1024) problems.push("a field needs a name (1..256) and a value (1..1024)");
  }
  return problems;
}

/** Execute Webhook: POST /api/webhooks/{id}/{token} with content or embeds (at most 10). */
export function checkDiscordRequest(request: RecordedRequest): string[] {
  const problems = checkJsonCall(request, { method: "POST", path: /^\/api\/webhooks\/\d+\/[\w-]+$/ });
  const body = bodyOf(request);
  const embeds = body["embeds"];
  const hasContent = typeof body["content"] === "string" && body["content"].length > 0;
  if (!hasContent && (!Array.isArray(embeds) || embeds.length === 0)) return [...problems, "Cannot send an empty message: content or embeds are required"];
  if (Array.isArray(embeds) && embeds.length > 10) problems.push("at most 10 embeds");
  if (typeof body["username"] === "string" && /discord|clyde/i.test(body["username"])) problems.push("username may not contain discord or clyde");
  return [...problems, ...((embeds as Array<Record<string, unknown>> | undefined) ?? []).flatMap(checkEmbed)];
}

/**
 * Discord's webhook endpoint on 127.0.0.1: 204 without ?wait=true, its { message, code } errors, and the
 * documented 429 (Retry-After header plus { message, retry_after, global } in the body).
 */
export function startFakeDiscord(): FakeProvider {
  return startFakeProvider({
    check: checkDiscordRequest,
    accept: () => new Response(null, { status: 204 }),
    fail: (status, reason) => jsonResponse(status, ERRORS[status] ?? { message: reason, code: 0 }),
    rateLimited: (seconds) =>
      jsonResponse(
        429,
        { message: "You are being rate limited.", retry_after: seconds, global: false },
        { "retry-after": String(Math.ceil(seconds)), "x-ratelimit-scope": "shared" },
      ),
  });
}

/** A webhook URL of the documented shape on the fake. */
export function fakeDiscordWebhookUrl(baseUrl: string): string {
  return `${baseUrl}/api/webhooks/112233445566778899/aBcDeF-token_0123456789`;
}
