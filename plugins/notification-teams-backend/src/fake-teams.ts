import { bodyOf, checkJsonCall, jsonResponse, startFakeProvider, type FakeProvider, type RecordedRequest } from "@checkstack/notification-kit/testing";

const ERROR_CODES: Record<number, string> = {
  400: "InvalidRequestContent",
  401: "DirectApiAuthorizationRequired",
  403: "DirectApiInvalidAuthorizationScheme",
  404: "WorkflowNotFound",
};
const ELEMENT_TYPES = new Set(["TextBlock", "Container", "FactSet", "ColumnSet", "Image", "RichTextBlock", "ActionSet"]);
const CONTAINER_STYLES = new Set(["default", "emphasis", "good", "attention", "warning", "accent"]);
const TEXT_COLORS = new Set(["default", "dark", "light", "accent", "good", "warning", "attention"]);

function checkElement(element: Record<string, unknown>, where: string): string[] {
  const problems: string[] = [];
  const type = String(element["type"]);
  if (!ELEMENT_TYPES.has(type)) return [`${where}.type ${type} is not an Adaptive Card element`];
  if (type === "TextBlock" && (typeof element["text"] !== "string" || element["text"].length === 0)) problems.push(`${where}: a TextBlock needs text`);
  if (type === "TextBlock" && element["color"] !== undefined && !TEXT_COLORS.has(String(element["color"]))) problems.push(`${where}.color is not a TextBlock color`);
  if (type === "Container") {
    if (element["style"] !== undefined && !CONTAINER_STYLES.has(String(element["style"]))) problems.push(`${where}.style is not a container style`);
    const items = element["items"];
    if (!Array.isArray(items)) problems.push(`${where}: a Container needs items`);
    else problems.push(...items.flatMap((item, index) => checkElement(item as Record<string, unknown>, `${where}.items[${index}]`)));
  }
  if (type === "FactSet") {
    const facts = element["facts"] as Array<{ title?: unknown; value?: unknown }> | undefined;
    if (!Array.isArray(facts) || facts.some((fact) => typeof fact.title !== "string" || typeof fact.value !== "string")) problems.push(`${where}: facts need a title and a value`);
  }
  return problems;
}

/** The Workflows trigger: POST of a message envelope whose attachment is an Adaptive Card (MessageCard is not accepted). */
export function checkTeamsRequest(request: RecordedRequest): string[] {
  const problems = checkJsonCall(request, { method: "POST", path: /^\/workflows\/[0-9a-f]+\/triggers\/manual\/paths\/invoke$/ });
  if (!request.query.get("api-version") || !request.query.get("sig")) problems.push("the trigger URL's api-version and sig parameters are missing");
  const body = bodyOf(request);
  if (body["@type"] === "MessageCard") return [...problems, "the retired Office 365 MessageCard format is not accepted by Workflows"];
  if (body["type"] !== "message") problems.push('type must be "message"');
  const attachments = body["attachments"] as Array<Record<string, unknown>> | undefined;
  if (!Array.isArray(attachments) || attachments.length === 0) return [...problems, "attachments must hold the Adaptive Card"];
  const [attachment] = attachments;
  if (attachment!["contentType"] !== "application/vnd.microsoft.card.adaptive") problems.push("attachments[0].contentType must be application/vnd.microsoft.card.adaptive");
  const card = (attachment!["content"] ?? {}) as Record<string, unknown>;
  if (card["type"] !== "AdaptiveCard") problems.push('attachments[0].content.type must be "AdaptiveCard"');
  if (!/^1\.[0-5]$/.test(String(card["version"]))) problems.push("the card version must be 1.0..1.5 (what Teams renders)");
  const body_ = card["body"];
  if (!Array.isArray(body_) || body_.length === 0) return [...problems, "the card needs a body"];
  problems.push(...body_.flatMap((element, index) => checkElement(element as Record<string, unknown>, `body[${index}]`)));
  for (const action of (card["actions"] as Array<Record<string, unknown>> | undefined) ?? []) {
    if (action["type"] !== "Action.OpenUrl" || !/^https?:\/\//.test(String(action["url"]))) problems.push("actions must be Action.OpenUrl with an http(s) url");
  }
  return problems;
}

/** A Teams Workflows trigger on 127.0.0.1: 202 Accepted, Power Automate's { error: { code, message } }, 429 with Retry-After. */
export function startFakeTeams(): FakeProvider {
  return startFakeProvider({
    check: checkTeamsRequest,
    accept: () => new Response(null, { status: 202 }),
    fail: (status, reason) => jsonResponse(status, { error: { code: ERROR_CODES[status] ?? "InternalServerError", message: reason } }),
    rateLimited: (seconds) =>
      jsonResponse(429, { error: { code: "WorkflowTriggerIsThrottled", message: "The workflow trigger is throttled." } }, { "retry-after": String(seconds) }),
  });
}

/** A trigger URL of the documented shape on the fake. */
export function fakeTeamsWorkflowUrl(baseUrl: string): string {
  return `${baseUrl}/workflows/0f1e2d3c4b5a69788796a5b4c3d2e1f0/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Zm9vYmFyc2lnbmF0dXJlc2VjcmV0`;
}
