/**
 * Reads the Authorization header strictly. A client that sends credentials
 * wants them used: anything that is not exactly one "Bearer <token>" must be
 * refused (401), never quietly served as anonymous.
 */
export type AuthorizationHeader =
  | { kind: "none" }
  | { kind: "bearer"; token: string }
  | { kind: "malformed"; reason: string };

// One token of the RFC 6750 b64token alphabet; API keys ("ck_<uuid>_<base64url>") are a subset.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

export function readAuthorizationHeader(value: string | null): AuthorizationHeader {
  if (value === null) return { kind: "none" };
  // Two Authorization headers arrive joined by ", " (Fetch Headers); a token never holds a comma.
  if (value.includes(",")) return { kind: "malformed", reason: "send one Authorization header with one credential" };
  const trimmed = value.trim();
  if (trimmed === "") return { kind: "malformed", reason: "the Authorization header is empty" };
  const scheme = trimmed.split(/\s+/, 1)[0] ?? "";
  if (scheme.toLowerCase() !== "bearer") {
    return { kind: "malformed", reason: `the Authorization scheme "${scheme.slice(0, 20)}" is not supported; use "Bearer <API key>"` };
  }
  const match = BEARER.exec(trimmed);
  if (!match?.[1]) return { kind: "malformed", reason: 'use "Authorization: Bearer <API key>" with exactly one key' };
  return { kind: "bearer", token: match[1] };
}
