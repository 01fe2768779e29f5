import { deliveryFromError, deliveryFromResponse, outboundFetch, type NotificationDelivery } from "@checkstack/backend-api";
import { redactDelivery } from "./redact";

/** One provider call of a channel kind: always through outboundFetch (metadata targets refused, no cross-host redirects). */
export interface HttpDeliveryRequest {
  url: string;
  method?: "POST" | "PUT";
  headers?: Record<string, string>;
  /** Sent as JSON with content-type application/json. */
  json: unknown;
  signal: AbortSignal;
  /** Values that must not appear in the delivery's error or provider response (tokens, webhook URLs). */
  secrets: ReadonlyArray<string>;
  /** Providers that state the wait in the body of a 429 (Discord's retry_after, Telegram's parameters.retry_after): milliseconds. */
  retryAfterFromBody?: (body: unknown) => number | undefined;
  /** The provider's own words for a failure (Telegram's description, Slack's error code), added to the error; `body` is the parsed JSON (undefined when it is not JSON), `text` the raw answer. */
  errorFromBody?: (body: unknown, text: string) => string | undefined;
}

/** The body as JSON, or undefined when it is not (an HTML error page from a proxy, an empty 204). */
export function parseJsonBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The longer of two waits: a provider may state one in a header and another in its body. */
function longerWait(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

function withProviderDetail(delivery: NotificationDelivery, body: string, request: HttpDeliveryRequest): NotificationDelivery {
  if (delivery.ok) return delivery;
  const json = parseJsonBody(body);
  const detail = request.errorFromBody?.(json, body)?.slice(0, 500);
  const bodyWait = json === undefined ? undefined : request.retryAfterFromBody?.(json);
  const retryAfterMs = longerWait(delivery.retryAfterMs, bodyWait);
  return {
    ...delivery,
    ...(detail ? { error: `${delivery.error}: ${detail}` } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/**
 * POSTs a JSON payload and reads the answer as a delivery: 2xx delivered; 408, 425, 429 and 5xx
 * retryable (waiting at least what the provider asked); other 4xx final; network failures and the
 * signal's abort retryable; refused targets final. Secrets are masked in whatever is returned.
 */
export async function deliverJson(request: HttpDeliveryRequest): Promise<NotificationDelivery> {
  let delivery: NotificationDelivery;
  try {
    const response = await outboundFetch({
      url: request.url,
      method: request.method ?? "POST",
      // A product User-Agent: some providers' edge (Discord's Cloudflare) treats anonymous clients as bots.
      headers: { "content-type": "application/json", "user-agent": "Checkstack-Notifications/0.1", ...request.headers },
      body: JSON.stringify(request.json),
      signal: request.signal,
    });
    delivery = withProviderDetail(deliveryFromResponse(response), response.body, request);
  } catch (error) {
    delivery = deliveryFromError(error);
  }
  return redactDelivery(delivery, request.secrets);
}

/** A number of seconds (possibly fractional) from a provider's body, as milliseconds. */
export function secondsToMs(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.ceil(value * 1000) : undefined;
}
