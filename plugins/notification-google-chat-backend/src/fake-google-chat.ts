import { bodyOf, checkJsonCall, jsonResponse, startFakeProvider, type FakeProvider, type RecordedRequest } from "@checkstack/notification-kit/testing";

const STATUSES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  502: "INTERNAL",
  503: "UNAVAILABLE",
};
const REPLY_OPTIONS = new Set(["MESSAGE_REPLY_OPTION_UNSPECIFIED", "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD", "REPLY_MESSAGE_OR_FAIL"]);

const googleError = (status: number, message: string) => jsonResponse(status, { error: { code: status, message, status: STATUSES[status] ?? "UNKNOWN" } });

/** spaces.messages.create through a webhook: key and token in the query, text or cardsV2, a thread key only honoured with a reply option. */
export function checkGoogleChatRequest(request: RecordedRequest): string[] {
  const problems = checkJsonCall(request, { method: "POST", path: /^\/v1\/spaces\/[\w-]+\/messages$/ });
  if (!request.query.get("key") || !request.query.get("token")) problems.push("the webhook's key and token query parameters are missing");
  const option = request.query.get("messageReplyOption");
  if (option !== null && !REPLY_OPTIONS.has(option)) problems.push(`messageReplyOption ${option} is not a valid option`);
  const body = bodyOf(request);
  const thread = body["thread"] as { threadKey?: unknown } | undefined;
  if (thread?.threadKey !== undefined && (option === null || option === "MESSAGE_REPLY_OPTION_UNSPECIFIED")) {
    problems.push("thread.threadKey is ignored without messageReplyOption REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD or REPLY_MESSAGE_OR_FAIL");
  }
  const cards = body["cardsV2"] as Array<{ cardId?: unknown; card?: { sections?: Array<{ widgets?: unknown[] }> } }> | undefined;
  const hasText = typeof body["text"] === "string" && body["text"].length > 0;
  if (!hasText && (!Array.isArray(cards) || cards.length === 0)) return [...problems, "a message needs text or cardsV2"];
  for (const card of cards ?? []) {
    if (typeof card.cardId !== "string" || card.cardId.length === 0) problems.push("every cardsV2 entry needs a cardId");
    const sections = card.card?.sections;
    if (!Array.isArray(sections) || sections.length === 0 || sections.some((section) => !Array.isArray(section.widgets) || section.widgets.length === 0)) {
      problems.push("a card needs sections with widgets");
    }
  }
  return problems;
}

/** A Google Chat space webhook on 127.0.0.1: answers the created message (with its thread), Google's error JSON, and RESOURCE_EXHAUSTED. */
export function startFakeGoogleChat(): FakeProvider {
  let counter = 0;
  return startFakeProvider({
    check: checkGoogleChatRequest,
    accept: (request) => {
      const space = request.path.split("/")[3];
      const threadKey = (bodyOf(request)["thread"] as { threadKey?: string } | undefined)?.threadKey;
      counter++;
      return jsonResponse(200, {
        name: `spaces/${space}/messages/m${counter}`,
        thread: { name: `spaces/${space}/threads/${threadKey ? Buffer.from(threadKey).toString("hex") : `t${counter}`}` },
        createTime: new Date().toISOString(),
      });
    },
    fail: googleError,
    rateLimited: () => googleError(429, "Resource has been exhausted (e.g. check quota)."),
  });
}

/** A webhook URL of the documented shape on the fake. */
export function fakeGoogleChatWebhookUrl(baseUrl: string): string {
  return `${baseUrl}/v1/spaces/AAAAbCdEfGh/messages?key=AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI&token=Fg7vX2kq9sPbPp0t8mNnW1zYQe3rL5uJ4hD6cA0bKxM%3D`;
}
