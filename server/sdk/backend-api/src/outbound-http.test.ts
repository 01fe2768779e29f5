import { afterAll, describe, expect, test } from "bun:test";
import { deliveryFromError, deliveryFromResponse, OutboundRefusedError, outboundFetch, parseRetryAfter } from "./outbound-http";

const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/same-host") return new Response(null, { status: 302, headers: { location: "/ok" } });
    if (path === "/other-host") return new Response(null, { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data" } });
    if (path === "/slow-down") return new Response("later", { status: 429, headers: { "retry-after": "2" } });
    if (path === "/big") return new Response("x".repeat(200_000));
    return new Response(`ok ${request.method}`);
  },
});
afterAll(() => server.stop(true));
const base = `http://127.0.0.1:${server.port}`;
const signal = () => AbortSignal.timeout(5_000);

describe("outboundFetch", () => {
  test("follows a redirect within the host; refuses one to another host", async () => {
    expect((await outboundFetch({ url: `${base}/same-host`, method: "GET", signal: signal() })).body).toBe("ok GET");
    expect(outboundFetch({ url: `${base}/other-host`, signal: signal() })).rejects.toThrow("another host");
  });

  test("refuses cloud metadata and link-local targets and non-http URLs before sending anything", async () => {
    for (const url of ["http://169.254.169.254/latest/meta-data", "http://[fd00:ec2::254]/", "http://metadata.google.internal/", "http://[::ffff:169.254.169.254]/", "file:///etc/passwd"]) {
      const refused = await outboundFetch({ url, signal: signal() }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(OutboundRefusedError);
      expect(deliveryFromError(refused)).toMatchObject({ ok: false, retryable: false });
    }
  });

  test("reads Retry-After; 429 is worth a retry, a 400 is not; bodies are capped", async () => {
    const limited = await outboundFetch({ url: `${base}/slow-down`, signal: signal() });
    expect(deliveryFromResponse(limited)).toMatchObject({ ok: false, retryable: true, retryAfterMs: 2000, providerStatus: 429 });
    expect(deliveryFromResponse({ status: 400, headers: new Headers(), body: "bad" })).toMatchObject({ ok: false, retryable: false });
    expect((await outboundFetch({ url: `${base}/big`, method: "GET", signal: signal() })).body.length).toBe(64 * 1024);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThan(8_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });

  test("a network failure is retryable", async () => {
    const closed = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
    const url = `http://127.0.0.1:${closed.port}/`;
    await closed.stop(true);
    const error = await outboundFetch({ url, signal: signal() }).catch((caught: unknown) => caught);
    expect(deliveryFromError(error)).toMatchObject({ ok: false, retryable: true });
  });
});
