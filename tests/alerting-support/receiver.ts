import { createHmac, timingSafeEqual } from "node:crypto";

/** One request a fake webhook receiver got, with its Standard Webhooks signature checked. */
export interface ReceivedWebhook {
  path: string;
  id: string;
  verified: boolean;
  at: number;
  body: { kind: string; title: string; text: string; alertKey: string; systems: Array<{ name: string; status: string }> };
}

/**
 * A webhook receiver on 127.0.0.1 that verifies signatures as the spec tells receivers to, and
 * answers per path with what the test scripted (204 unless told otherwise).
 */
export function startWebhookReceiver(key: Buffer) {
  const received: ReceivedWebhook[] = [];
  const scripts = new Map<string, Array<() => Response | Promise<Response>>>();
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (request) => {
      const path = new URL(request.url).pathname;
      const id = request.headers.get("webhook-id") ?? "";
      const timestamp = request.headers.get("webhook-timestamp") ?? "";
      const raw = await request.text();
      const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${raw}`).digest();
      const given = Buffer.from((request.headers.get("webhook-signature") ?? "").replace(/^v1,/, ""), "base64");
      const verified = given.length === expected.length && timingSafeEqual(given, expected);
      received.push({ path, id, verified, at: Date.now(), body: JSON.parse(raw) as ReceivedWebhook["body"] });
      const script = scripts.get(path);
      const next = script && script.length > 1 ? script.shift() : script?.[0];
      return next ? await next() : new Response(null, { status: 204 });
    },
  });
  return {
    received,
    url: (path: string) => `http://127.0.0.1:${server.port}${path}`,
    /** Answers for a path, in order; the last one repeats. */
    script: (path: string, answers: Array<() => Response | Promise<Response>>) => void scripts.set(path, answers),
    on: (path: string) => received.filter((entry) => entry.path === path),
    stop: () => server.stop(true),
  };
}
