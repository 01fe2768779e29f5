/**
 * Cookies ride along on cross-site requests, so a request authenticated by a
 * cookie must prove it was not forged by another site: a "simple" request
 * (form or text/plain body, which a browser sends cross-site without asking)
 * is refused unless its Origin is this server. JSON bodies need a CORS
 * preflight cross-site, which the platform never grants; a matching Origin
 * covers same-site uploads (multipart). Bearer-key requests carry no ambient
 * credentials and are not affected; GET only reaches procedures declared GET.
 */
export type CookieRequestVerdict = { ok: true } | { ok: false; status: 403 | 415; message: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function isJson(contentType: string | null): boolean {
  const mediaType = contentType?.split(";", 1)[0]?.trim().toLowerCase();
  return mediaType === "application/json";
}

/** The hosts this request may legitimately come from: its own, as the client or a proxy names it. */
function ownHosts(request: Request): Set<string> {
  const hosts = new Set<string>([new URL(request.url).host.toLowerCase()]);
  const host = request.headers.get("host");
  if (host) hosts.add(host.toLowerCase());
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  if (forwarded) hosts.add(forwarded.toLowerCase());
  return hosts;
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

export function checkCookieRequest(request: Request): CookieRequestVerdict {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return { ok: true };
  const headers = request.headers;
  if (!headers.get("cookie") || headers.get("authorization") !== null) return { ok: true };
  if (isJson(headers.get("content-type"))) return { ok: true };
  const origin = headers.get("origin");
  if (origin === null) {
    return {
      ok: false,
      status: 415,
      message: "A request signed in with a session cookie must send Content-Type: application/json (or come from this site, with its Origin)",
    };
  }
  const host = originHost(origin);
  if (host !== undefined && ownHosts(request).has(host)) return { ok: true };
  return { ok: false, status: 403, message: `Cross-site request refused: Origin ${origin.slice(0, 200)} is not this server` };
}
