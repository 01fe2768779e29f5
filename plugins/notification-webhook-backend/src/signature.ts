import { createHmac } from "node:crypto";

/** The key of a Standard Webhooks secret: the base64 after "whsec_" (a secret without the prefix is taken as base64 whole). */
export function webhookKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
}

/** "v1,<base64 HMAC-SHA256 of id.timestamp.body>", per the Standard Webhooks spec. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", webhookKey(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${mac}`;
}
