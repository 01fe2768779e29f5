import { afterAll, describe, expect, test } from "bun:test";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { NotificationMessage } from "@checkstack/backend-api";
import { webhookConfigSchema } from "./config";
import { webhookChannel } from "./webhook-channel";
import plugin from "./index";

const key = randomBytes(32);
const secret = `whsec_${key.toString("base64")}`;
const received: Array<{ id: string; verified: boolean; body: Record<string, unknown>; custom: string | null }> = [];
let answer: () => Response = () => new Response(null, { status: 204 });

/** A receiver doing what the Standard Webhooks spec tells receivers to do: recompute and compare the signature. */
const receiver = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch: async (request) => {
    const id = request.headers.get("webhook-id") ?? "";
    const timestamp = request.headers.get("webhook-timestamp") ?? "";
    const body = await request.text();
    const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
    const verified = (request.headers.get("webhook-signature") ?? "")
      .split(" ")
      .filter((entry) => entry.startsWith("v1,"))
      .some((entry) => {
        const given = Buffer.from(entry.slice(3), "base64");
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
    const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
    received.push({ id, verified: verified && fresh, body: JSON.parse(body) as Record<string, unknown>, custom: request.headers.get("x-team") });
    return answer();
  },
});
afterAll(() => receiver.stop(true));

const message: NotificationMessage = {
  id: "5f0c3a52-2f5e-4f55-a4c8-7a1f5e0d9b11",
  alertKey: "alert-1",
  kind: "firing",
  severity: "unhealthy",
  title: "api unhealthy",
  text: "api unhealthy\n- api: unhealthy (HTTP 500)",
  systems: [{ id: "s1", name: "api", status: "unhealthy", reason: "HTTP 500" }],
  occurredAt: "2026-01-01T00:00:00.000Z",
};
const config = { url: `http://127.0.0.1:${receiver.port}/hook`, secret, headers: { "x-team": "ops" } };
const send = () => webhookChannel.send(message, config, { signal: AbortSignal.timeout(5000) });

describe("webhook channel", () => {
  test("is the plugin's channel kind 'webhook'", () => {
    expect(plugin.pluginId).toBe("notification-webhook");
    expect(webhookChannel.id).toBe("webhook");
  });

  test("signs per Standard Webhooks: the receiver's own HMAC over id.timestamp.body matches, webhook-id is the message id", async () => {
    const result = await send();
    expect(result).toMatchObject({ ok: true, providerStatus: 204 });
    const last = received.at(-1);
    expect(last).toMatchObject({ id: message.id, verified: true, custom: "ops" });
    expect(last?.body).toMatchObject({ type: "alert.firing", id: message.id, alertKey: "alert-1", title: "api unhealthy", systems: [{ name: "api" }] });
  });

  test("a receiver keyed with another secret does not verify it", async () => {
    const other = { ...config, secret: `whsec_${randomBytes(32).toString("base64")}` };
    await webhookChannel.send(message, other, { signal: AbortSignal.timeout(5000) });
    expect(received.at(-1)?.verified).toBe(false);
  });

  test("429 with Retry-After is retryable after the wait; 400 is final", async () => {
    answer = () => new Response("slow down", { status: 429, headers: { "retry-after": "2" } });
    expect(await send()).toMatchObject({ ok: false, retryable: true, retryAfterMs: 2000, providerStatus: 429 });
    answer = () => new Response("bad", { status: 400 });
    expect(await send()).toMatchObject({ ok: false, retryable: false, providerStatus: 400 });
    answer = () => new Response(null, { status: 204 });
  });

  test("a receiver that is down is a retryable failure; a metadata address is refused outright", async () => {
    const down = await webhookChannel.send(message, { ...config, url: "http://127.0.0.1:1/hook" }, { signal: AbortSignal.timeout(5000) });
    expect(down).toMatchObject({ ok: false, retryable: true });
    const metadata = await webhookChannel.send(message, { ...config, url: "http://169.254.169.254/latest" }, { signal: AbortSignal.timeout(5000) });
    expect(metadata).toMatchObject({ ok: false, retryable: false });
  });

  test("config: the secret must be whsec_ base64 of at least 24 bytes; webhook-* headers cannot be overridden", () => {
    expect(webhookConfigSchema.safeParse({ url: "http://x.test", secret: "plain" }).success).toBe(false);
    expect(webhookConfigSchema.safeParse({ url: "http://x.test", secret: "whsec_c2hvcnQ=" }).success).toBe(false);
    expect(webhookConfigSchema.safeParse({ url: "ftp://x.test", secret }).success).toBe(false);
    expect(webhookConfigSchema.safeParse({ url: "http://x.test", secret, headers: { "Webhook-Id": "x" } }).success).toBe(false);
    expect(webhookConfigSchema.safeParse({ url: "http://x.test", secret }).success).toBe(true);
  });
});
