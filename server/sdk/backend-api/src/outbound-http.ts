import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { NotificationDelivery } from "./notification-channel";

/** One outbound HTTP request of a plugin (a channel's delivery, a webhook subscriber's). */
export interface OutboundRequest {
  url: string;
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the request (the caller's timeout). */
  signal: AbortSignal;
  /** Redirects followed, only to the same host (default 3). */
  maxRedirects?: number;
}

/** The provider's answer, with its body cut to 64 KiB. */
export interface OutboundResponse {
  status: number;
  headers: Headers;
  body: string;
  /** Parsed from Retry-After (seconds or an HTTP date), when present. */
  retryAfterMs?: number;
}

/** Refused before any byte is sent: the address is one a plugin must never reach, or the URL is not http(s). */
export class OutboundRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefusedError";
  }
}

const MAX_BODY = 64 * 1024;
const METADATA_HOSTS = new Set(["metadata.google.internal", "metadata.goog", "metadata"]);

/** Cloud instance-metadata endpoints hand out credentials: link-local space and the providers' fixed addresses. */
function isMetadataAddress(address: string): boolean {
  const lower = address.toLowerCase();
  if (isIP(lower) === 4) return lower.startsWith("169.254.") || lower === "100.100.100.200" || lower === "192.0.0.192";
  const mapped = ipv4Mapped(lower);
  if (mapped) return isMetadataAddress(mapped);
  return lower.startsWith("fe80:") || lower === "fd00:ec2::254";
}

/** The IPv4 address inside an IPv4-mapped IPv6 one, in either spelling (::ffff:1.2.3.4, ::ffff:102:304). */
function ipv4Mapped(address: string): string | undefined {
  const dotted = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted?.[1]) return dotted[1];
  const hex = address.match(/^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
  if (!hex?.[1] || !hex[2]) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

async function assertReachable(url: URL): Promise<void> {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundRefusedError(`only http and https URLs are allowed, not ${url.protocol}`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (METADATA_HOSTS.has(host.toLowerCase())) throw new OutboundRefusedError(`${host} is a cloud metadata service`);
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  const refused = addresses.find(isMetadataAddress);
  if (refused) throw new OutboundRefusedError(`${host} resolves to ${refused}, a link-local or cloud metadata address`);
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_BODY) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_BODY));
}

/**
 * fetch for requests to addresses users configure: refuses cloud-metadata and link-local targets
 * (checked again at every redirect), follows redirects only within the same host, bounds the body read.
 * Loopback and private addresses stay allowed: self-hosted receivers live there.
 */
export async function outboundFetch(request: OutboundRequest): Promise<OutboundResponse> {
  let url = new URL(request.url);
  const origin = url.host;
  for (let redirects = 0; ; redirects++) {
    await assertReachable(url);
    const response = await fetch(url, {
      method: request.method ?? "POST",
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      redirect: "manual",
      signal: request.signal,
    });
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.host !== origin) throw new OutboundRefusedError(`redirected to another host (${next.host}); not followed`);
      if (redirects >= (request.maxRedirects ?? 3)) throw new OutboundRefusedError("too many redirects");
      url = next;
      continue;
    }
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
    return { status: response.status, headers: response.headers, body: await readCapped(response), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
}

/** A provider's HTTP answer as a delivery: 2xx delivered; 408, 425, 429 and 5xx worth a retry; other 4xx final. */
export function deliveryFromResponse(response: OutboundResponse): NotificationDelivery {
  const providerResponse = response.body.slice(0, 2000);
  if (response.status >= 200 && response.status < 300) return { ok: true, providerStatus: response.status, providerResponse };
  const retryable = response.status >= 500 || [408, 425, 429].includes(response.status);
  return {
    ok: false,
    error: `the provider answered HTTP ${response.status}`,
    providerStatus: response.status,
    providerResponse,
    retryable,
    ...(response.retryAfterMs !== undefined ? { retryAfterMs: response.retryAfterMs } : {}),
  };
}

/** A request that failed before an answer: refused targets are final, network failures and timeouts retryable. */
export function deliveryFromError(error: unknown): NotificationDelivery {
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: message, retryable: !(error instanceof OutboundRefusedError) };
}
