import { bodyOf, checkJsonCall, jsonResponse, startFakeProvider, type FakeProvider, type RecordedRequest } from "@checkstack/notification-kit/testing";

const DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request: chat not found",
  401: "Unauthorized",
  403: "Forbidden: bot was kicked from the group chat",
  404: "Not Found",
  500: "Internal Server Error",
};
const HTML_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "span", "tg-spoiler", "tg-emoji"]);

/** Telegram's HTML parse mode: only its tags, balanced; every other <, > and & escaped as an entity. */
export function htmlEntityProblems(text: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  for (const match of text.matchAll(/<(\/?)([a-z-]+)(\s[^<>]*)?>|[<>]|&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);)/gi)) {
    if (!match[2]) {
      problems.push(`can't parse entities: unescaped ${match[0]} at byte offset ${match.index}`);
      continue;
    }
    const tag = match[2].toLowerCase();
    if (!HTML_TAGS.has(tag)) problems.push(`can't parse entities: unsupported start tag "${tag}"`);
    else if (match[1]) {
      if (open.pop() !== tag) problems.push(`can't parse entities: can't find end tag corresponding to start tag "${tag}"`);
    } else open.push(tag);
  }
  if (open.length > 0) problems.push(`can't parse entities: unclosed tag "${open.at(-1)}"`);
  return problems;
}

/** The visible length: tags dropped, entities counted as one character. */
function visibleLength(html: string): number {
  return html.replace(/<[^<>]+>/g, "").replace(/&[#a-z0-9]+;/gi, "x").length;
}

/** sendMessage: POST /bot<token>/sendMessage with chat_id and 1..4096 characters of text in a valid parse mode. */
export function checkTelegramRequest(request: RecordedRequest): string[] {
  const problems = checkJsonCall(request, { method: "POST", path: /^\/bot\d+:[A-Za-z0-9_-]+\/sendMessage$/ });
  const body = bodyOf(request);
  if (typeof body["chat_id"] !== "string" && typeof body["chat_id"] !== "number") problems.push("chat_id is required");
  if (body["message_thread_id"] !== undefined && !Number.isInteger(body["message_thread_id"])) problems.push("message_thread_id must be an integer");
  const text = body["text"];
  if (typeof text !== "string" || text.trim().length === 0) return [...problems, "message text is empty"];
  if (!["HTML", "MarkdownV2", "Markdown", undefined].includes(body["parse_mode"] as string | undefined)) problems.push("unsupported parse_mode");
  if (body["parse_mode"] === "HTML") problems.push(...htmlEntityProblems(text));
  if (visibleLength(text) > 4096) problems.push("message is too long");
  return problems;
}

/** The Bot API on 127.0.0.1: { ok: true, result } for a sent message, { ok: false, error_code, description }, and flood control's parameters.retry_after. */
export function startFakeTelegram(): FakeProvider {
  let messageId = 0;
  return startFakeProvider({
    check: checkTelegramRequest,
    accept: (request) => {
      const body = bodyOf(request);
      return jsonResponse(200, { ok: true, result: { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat: { id: body["chat_id"] }, text: body["text"] } });
    },
    fail: (status, reason) => jsonResponse(status, { ok: false, error_code: status, description: status === 400 ? `Bad Request: ${reason}` : (DESCRIPTIONS[status] ?? reason) }),
    rateLimited: (seconds) =>
      jsonResponse(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } }),
  });
}

export const FAKE_TELEGRAM_TOKEN = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
