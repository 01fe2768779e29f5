import { SESSION_COOKIE_NAME } from "@checkstack/auth-common";

export const DEFAULT_SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Whether the browser reached us over https. The platform serves plain HTTP,
 * so https means a TLS-terminating proxy in front, which says so in
 * X-Forwarded-Proto or Forwarded. A client faking it only gets a Secure
 * cookie its own plain-HTTP requests will not carry back: no gain for it.
 */
export function cameOverHttps(headers: Headers): boolean {
  const forwardedProto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwardedProto) return forwardedProto === "https";
  const forwarded = headers.get("forwarded");
  if (forwarded) return /(?:^|[;,\s])proto="?https"?(?:[;,\s]|$)/i.test(forwarded);
  return false;
}

function attributes(secure: boolean): string[] {
  // HttpOnly: scripts never see the token. SameSite=Lax: not sent on cross-site POSTs (CSRF).
  return ["Path=/", "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])];
}

export function sessionCookie(token: string, expiresAt: Date, options: { secure: boolean; now?: Date }): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - (options.now ?? new Date()).getTime()) / 1000));
  return [`${SESSION_COOKIE_NAME}=${token}`, ...attributes(options.secure), `Max-Age=${maxAge}`, `Expires=${expiresAt.toUTCString()}`].join("; ");
}

export function clearedSessionCookie(options: { secure: boolean }): string {
  return [`${SESSION_COOKIE_NAME}=`, ...attributes(options.secure), "Max-Age=0", "Expires=Thu, 01 Jan 1970 00:00:00 GMT"].join("; ");
}

/** The session token from a Cookie header, if present; other cookies are ignored. */
export function readSessionToken(cookieHeader: string | null): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const separator = part.indexOf("=");
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() !== SESSION_COOKIE_NAME) continue;
    const value = part.slice(separator + 1).trim();
    return value.length > 0 ? value : undefined;
  }
  return undefined;
}
