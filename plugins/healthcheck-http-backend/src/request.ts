import { CheckFailure, redactUrl } from "./check-failure";
import type { HttpCheckConfig } from "./config";
import { errorCode, isCertificateError } from "./tls-errors";

export interface RedirectHop {
  statusCode: number;
  url: string;
  location: string;
}

export interface RequestOutcome {
  response: Response;
  finalUrl: URL;
  redirects: RedirectHop[];
  /** null when no hop used TLS; false when any hop's certificate failed verification. */
  tlsAuthorized: boolean | null;
}

interface HopRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: string | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Never forwarded to another origin, as browsers do, so a redirect cannot leak credentials. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/** Headers that describe a body; dropped when a redirect turns the request into a bodiless GET. */
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];

/**
 * Sends the request, following redirects by hand (redirect: "manual") so each
 * hop can be counted, reported and have its TLS outcome recorded, which
 * fetch's own redirect handling hides.
 */
export async function sendWithRedirects(config: HttpCheckConfig, signal: AbortSignal): Promise<RequestOutcome> {
  let request: HopRequest = {
    url: new URL(config.url),
    method: config.method,
    headers: new Headers({ ...config.headers, ...config.secretHeaders }),
    body: config.body,
  };
  const redirects: RedirectHop[] = [];
  let tlsAuthorized: boolean | null = null;
  for (;;) {
    const hop = await sendOnce(request, config, signal);
    tlsAuthorized = mergeTlsAuthorized(tlsAuthorized, hop.tlsAuthorized);
    const { response } = hop;
    const location = response.headers.get("location");
    if (!config.followRedirects || !REDIRECT_STATUSES.has(response.status) || location === null) {
      return { response, finalUrl: request.url, redirects, tlsAuthorized };
    }
    // Nobody reads an intermediate hop's body; cancelling it releases its connection now.
    await response.body?.cancel();
    if (redirects.length >= config.maxRedirects) {
      throw new CheckFailure(`too many redirects: gave up after following ${config.maxRedirects}`, { redirects, tlsAuthorized });
    }
    const next = resolveLocation(location, request.url);
    redirects.push({ statusCode: response.status, url: redactUrl(request.url), location: redactUrl(next) });
    request = redirectedRequest(request, response.status, next, config);
  }
}

async function sendOnce(
  request: HopRequest,
  config: HttpCheckConfig,
  signal: AbortSignal,
): Promise<{ response: Response; tlsAuthorized: boolean | null }> {
  const init: BunFetchRequestInit = {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    redirect: "manual",
    signal,
    // In Bun this opens a fresh connection and closes it afterwards: each run measures a real
    // connect, and aborting the request closes the socket so the server sees the check stop.
    keepalive: false,
  };
  if (request.url.protocol === "http:") return { response: await fetch(request.url, init), tlsAuthorized: null };

  const trust = config.ca === undefined ? {} : { ca: config.ca };
  try {
    return { response: await fetch(request.url, { ...init, tls: { ...trust, rejectUnauthorized: true } }), tlsAuthorized: true };
  } catch (error) {
    if (signal.aborted || !isCertificateError(error)) throw error;
    if (config.verifyTls) {
      throw new CheckFailure(
        `TLS certificate of ${request.url.host} was rejected (${errorCode(error)}): ${error instanceof Error ? error.message : String(error)}`,
        { tlsAuthorized: false },
      );
    }
  }
  // Bun's fetch cannot say whether an unverified connection would have verified, so we first try
  // with verification; the handshake failed before any request was sent, so nothing is repeated.
  return { response: await fetch(request.url, { ...init, tls: { ...trust, rejectUnauthorized: false } }), tlsAuthorized: false };
}

function mergeTlsAuthorized(sofar: boolean | null, hop: boolean | null): boolean | null {
  if (hop === null) return sofar;
  if (sofar === null) return hop;
  return sofar && hop;
}

function resolveLocation(location: string, base: URL): URL {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch {
    throw new CheckFailure(`redirect to an invalid location: ${JSON.stringify(location)}`);
  }
  if (next.protocol !== "http:" && next.protocol !== "https:") {
    throw new CheckFailure(`redirect to an unsupported protocol: ${next.protocol}`);
  }
  return next;
}

/** What a browser would send next (RFC 9110 §15.4): 303, and 301/302 after POST, become a bodiless GET. */
function redirectedRequest(previous: HopRequest, status: number, next: URL, config: HttpCheckConfig): HopRequest {
  const headers = new Headers(previous.headers);
  let { method, body } = previous;
  const becomesGet = (status === 303 && method !== "HEAD") || ((status === 301 || status === 302) && method === "POST");
  if (becomesGet) {
    method = "GET";
    body = undefined;
    for (const name of BODY_HEADERS) headers.delete(name);
  }
  if (next.origin !== previous.url.origin) {
    for (const name of [...CREDENTIAL_HEADERS, ...Object.keys(config.secretHeaders)]) headers.delete(name);
  }
  return { url: next, method, headers, body };
}
