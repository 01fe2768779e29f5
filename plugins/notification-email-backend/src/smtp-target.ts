import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

/** Refused before connecting: an SMTP host a channel must never reach. */
export class SmtpTargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SmtpTargetRefusedError";
  }
}

/**
 * Cloud metadata services live in link-local space (169.254.0.0/16, fe80::/10) and at a few fixed
 * addresses: the SDK's outboundFetch refuses them for HTTP, and SMTP, which would write to the same
 * service, refuses them here.
 */
function isLinkLocalOrMetadata(address: string): boolean {
  const lower = address.toLowerCase().replace(/^::ffff:/, "");
  if (isIP(lower) === 4) return lower.startsWith("169.254.") || lower === "100.100.100.200" || lower === "192.0.0.192";
  return lower.startsWith("fe8") || lower.startsWith("fe9") || lower.startsWith("fea") || lower.startsWith("feb") || lower === "fd00:ec2::254";
}

/** The address to connect to, resolved once (so a second lookup cannot point elsewhere) and checked. */
export async function resolveSmtpTarget(host: string): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, "");
  if (/^metadata(\.google\.internal|\.goog)?$/i.test(bare)) throw new SmtpTargetRefusedError(`${bare} is a cloud metadata service`);
  const address = isIP(bare) ? bare : (await lookup(bare)).address;
  if (isLinkLocalOrMetadata(address)) throw new SmtpTargetRefusedError(`${bare} resolves to ${address}, a link-local or cloud metadata address`);
  return address;
}
