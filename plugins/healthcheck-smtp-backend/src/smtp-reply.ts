/** One SMTP reply: its code and the text of each of its lines (without the code and separator). */
export interface SmtpReply {
  code: number;
  lines: string[];
}

/** A reply is at most a few KiB (EHLO lists); a server that sends more is not speaking SMTP. */
export const REPLY_LIMIT_BYTES = 64 * 1024;

export class SmtpProtocolError extends Error {}

/**
 * Takes complete replies off the front of `buffer` (RFC 5321 4.2: lines
 * "250-…" continue, "250 …" ends a reply). Returns the replies found and
 * what is left over (the start of a reply still arriving).
 */
export function takeReplies(buffer: string): { replies: SmtpReply[]; rest: string } {
  const replies: SmtpReply[] = [];
  let pending: string[] = [];
  let consumed = 0;
  let position = 0;
  for (;;) {
    const end = buffer.indexOf("\n", position);
    if (end === -1) break;
    const line = buffer.slice(position, end).replace(/\r$/, "");
    position = end + 1;
    const match = /^(\d{3})([ -])(.*)$/.exec(line) ?? /^(\d{3})()$/.exec(line);
    if (!match) throw new SmtpProtocolError(`not an SMTP reply line: ${JSON.stringify(line.slice(0, 200))}`);
    pending.push(match[3] ?? "");
    if (match[2] !== "-") {
      replies.push({ code: Number(match[1]), lines: pending });
      pending = [];
      consumed = position;
    }
  }
  return { replies, rest: buffer.slice(consumed) };
}

/** The reply as the server wrote it, on one line, for messages. */
export function replyText(reply: SmtpReply): string {
  return `${reply.code} ${reply.lines.join(" / ")}`.trim();
}

/** EHLO's reply lines after the first are the extensions; the keyword is the first word, upper-cased. */
export function capabilitiesOf(ehlo: SmtpReply): string[] {
  return ehlo.lines.slice(1).map((line) => line.trim()).filter((line) => line !== "");
}

export function hasCapability(capabilities: string[], keyword: string): boolean {
  const wanted = keyword.toUpperCase();
  return capabilities.some((line) => (line.split(/[\s=]/)[0] ?? "").toUpperCase() === wanted);
}

/** The SASL mechanisms after "AUTH" (also the old "AUTH=" form some servers still send). */
export function authMechanisms(capabilities: string[]): string[] {
  const mechanisms = new Set<string>();
  for (const line of capabilities) {
    const [keyword, ...rest] = line.split(/[\s=]+/);
    if (keyword?.toUpperCase() === "AUTH") for (const mechanism of rest) mechanisms.add(mechanism.toUpperCase());
  }
  return [...mechanisms];
}
