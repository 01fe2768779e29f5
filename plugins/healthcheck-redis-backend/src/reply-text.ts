/** A reply made JSON-safe for metadata: bulk strings as text, nested lists kept. */
export type ReplyValue = string | number | null | ReplyValue[];

export function toReplyValue(reply: unknown): ReplyValue {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === "string" || typeof reply === "number") return reply;
  if (Buffer.isBuffer(reply)) return reply.toString("utf8");
  if (Array.isArray(reply)) return reply.map(toReplyValue);
  return String(reply);
}

/** How expectedReply is compared: strings as they are, numbers as digits, nil as "null", lists as JSON. */
export function replyText(value: ReplyValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}
