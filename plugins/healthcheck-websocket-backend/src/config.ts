import { secret } from "@checkstack/backend-api";
import { z } from "zod";

/** Replies are judged as text and stored with the run; more than this is not a health reply. */
export const REPLY_LIMIT_BYTES = 64 * 1024;

/** RFC 9110 token characters, so a bad name is refused when saved rather than at run time. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const headerValueSchema = z.string().refine((value) => !/[\r\n\0]/.test(value), "header values may not contain CR, LF or NUL");

const patternSchema = z.string().min(1, "expectPattern cannot be empty").refine((pattern) => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}, "expectPattern must be a valid regular expression");

export const websocketCheckConfigSchema = z
  .object({
    url: z
      .url({ protocol: /^wss?$/, error: "url must be an absolute ws:// or wss:// URL" })
      .describe("The WebSocket endpoint, ws:// or wss://. Credentials belong in headers, not in the URL."),
    headers: z
      .record(z.string(), secret(headerValueSchema))
      .default({})
      .describe("Extra headers for the upgrade request (e.g. Authorization, Cookie). Every value is secret: encrypted at rest and redacted."),
    subprotocols: z
      .array(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "a subprotocol is a token (letters, digits, -._~ …)"))
      .max(10, "at most 10 subprotocols")
      .default([])
      .describe("Subprotocols offered in Sec-WebSocket-Protocol; the one the server picked is reported as metadata.protocol."),
    send: z
      .string()
      .min(1, "send cannot be empty; leave it out to send nothing")
      .max(REPLY_LIMIT_BYTES, "send may be at most 64 KiB")
      .optional()
      .describe("A text message sent once the connection is open."),
    expectContains: z
      .string()
      .min(1, "expectContains cannot be empty; leave it out to only check the upgrade")
      .optional()
      .describe("The first message received (after send, if set) must contain this text."),
    expectPattern: patternSchema
      .optional()
      .describe("The first message received (after send, if set) must match this regular expression (JavaScript syntax)."),
    verifyTls: z.boolean().default(true).describe("For wss://: refuse certificates that do not verify. When false, metadata.tlsAuthorized says whether it did."),
    ca: z
      .string()
      .includes("-----BEGIN CERTIFICATE-----", "ca must hold PEM certificates")
      .optional()
      .describe("For wss://: PEM certificates trusted instead of the system roots, for services behind a private CA."),
  })
  .superRefine((config, ctx) => {
    const url = new URL(config.url);
    if (url.username || url.password) {
      ctx.addIssue({ code: "custom", path: ["url"], message: "url may not contain a user name or password: put credentials in headers, which are secret" });
    }
    for (const name of Object.keys(config.headers)) {
      if (!HEADER_NAME.test(name)) {
        ctx.addIssue({ code: "custom", path: ["headers", name], message: `header name "${name}" may only contain letters, digits and !#$%&'*+-.^_\`|~` });
      }
    }
  });

export type WebsocketCheckConfig = z.output<typeof websocketCheckConfigSchema>;

/** Whether the check waits for a reply at all. */
export function expectsReply(config: WebsocketCheckConfig): boolean {
  return config.expectContains !== undefined || config.expectPattern !== undefined;
}
