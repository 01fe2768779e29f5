import type { NotificationDelivery } from "@checkstack/backend-api";

const MASK = "********";

/** A secret as it may be quoted: as is, URL-encoded, and for a webhook URL also its path (where the token sits). */
function spellings(value: string): string[] {
  const found = [value, encodeURIComponent(value)];
  if (/^https?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      const pathAndQuery = `${url.pathname}${url.search}`;
      if (pathAndQuery.length >= 8) found.push(pathAndQuery);
    } catch {
      // not a URL after all: the plain spellings are enough
    }
  }
  return found;
}

/** Every occurrence of every secret (and its other spellings) replaced by "********". */
export function redactText(text: string, secrets: ReadonlyArray<string>): string {
  let result = text;
  for (const value of secrets) {
    if (value.length < 4) continue; // too short to be a credential; masking it would garble ordinary words
    for (const spelling of spellings(value)) result = result.split(spelling).join(MASK);
  }
  return result;
}

/**
 * A delivery with no secret left in what is stored and shown (the delivery log, the "send test" answer):
 * errors from fetch or SMTP can quote the URL or the server's echo of what was sent.
 */
export function redactDelivery(delivery: NotificationDelivery, secrets: ReadonlyArray<string>): NotificationDelivery {
  const providerResponse = delivery.providerResponse === undefined ? {} : { providerResponse: redactText(delivery.providerResponse, secrets) };
  if (delivery.ok) return { ...delivery, ...providerResponse };
  return { ...delivery, error: redactText(delivery.error, secrets), ...providerResponse };
}
