import type { HealthCheckResult } from "@checkstack/backend-api";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { withDeadline } from "@checkstack/test-utils";
import { createServer } from "node:net";
import { httpCheckConfigSchema, type HttpCheckConfig } from "./config";
import { httpStrategy, runHttpCheck } from "./http-strategy";

type Server = ReturnType<typeof Bun.serve>;

let server: Server;
let otherOrigin: Server;
let base: string;
/** Resolves when the slow handler's request.signal aborts, i.e. the server saw the client go away. */
let slowRequestAborted: Promise<void>;
let lastEchoHeaders: Record<string, string> = {};

function context(timeoutMs = 5_000) {
  return { signal: AbortSignal.timeout(timeoutMs), timeoutMs };
}

function config(input: Partial<HttpCheckConfig> & { url: string }): HttpCheckConfig {
  return httpCheckConfigSchema.parse(input);
}

function metadataOf(result: HealthCheckResult): Record<string, unknown> {
  if (!result.metadata) throw new Error(`no metadata: ${result.message}`);
  return result.metadata;
}

beforeAll(() => {
  let markSlowAborted: () => void = () => undefined;
  slowRequestAborted = new Promise((resolve) => (markSlowAborted = resolve));
  otherOrigin = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      lastEchoHeaders = Object.fromEntries(request.headers);
      return Response.json({ method: request.method });
    },
  });
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const [, route, arg] = url.pathname.split("/");
      switch (route) {
        case "status":
          return new Response(`status ${arg}`, { status: Number(arg) });
        case "json":
          return Response.json({ status: "up", checks: [1, 2] });
        case "bad-json":
          return new Response("{not json", { headers: { "content-type": "application/json" } });
        case "big":
          return new Response("x".repeat(200_000));
        case "hop": {
          const remaining = Number(arg);
          return remaining > 0 ? Response.redirect(`/hop/${remaining - 1}`, 302) : new Response("arrived");
        }
        case "see-other":
          return new Response(null, { status: 303, headers: { location: "/echo" } });
        case "elsewhere":
          return Response.redirect(`http://127.0.0.1:${otherOrigin.port}/landing`, 307);
        case "echo":
          lastEchoHeaders = Object.fromEntries(request.headers);
          return Response.json({ method: request.method, body: await request.text() });
        case "slow":
          request.signal.addEventListener("abort", () => markSlowAborted());
          await Bun.sleep(10_000);
          return new Response("too late");
        default:
          return new Response("ok", { headers: { "x-Custom": "Yes" } });
      }
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.stop(true);
  await otherOrigin.stop(true);
});

describe("http strategy", () => {
  test("healthy on a 2xx, with status, lower-cased headers and body in metadata", async () => {
    const result = await runHttpCheck(config({ url: `${base}/` }), context());
    expect(result.healthy).toBe(true);
    expect(result.latencyMs).toBeGreaterThan(0);
    const metadata = metadataOf(result);
    expect(metadata.statusCode).toBe(200);
    expect(metadata.body).toBe("ok");
    expect(metadata.headers).toMatchObject({ "x-custom": "Yes" });
    expect(metadata.tlsAuthorized).toBeNull();
    expect(metadata.redirectCount).toBe(0);
  });

  test("unhealthy on an unexpected status, healthy when it is listed", async () => {
    const failed = await runHttpCheck(config({ url: `${base}/status/503` }), context());
    expect(failed.healthy).toBe(false);
    expect(failed.message).toBe("unexpected status 503 (expected 2xx)");
    expect(metadataOf(failed).statusCode).toBe(503);

    const listed = await runHttpCheck(config({ url: `${base}/status/503`, expectedStatus: [200, "500-503"] }), context());
    expect(listed.healthy).toBe(true);
  });

  test("parses JSON bodies, and leaves invalid JSON as text only", async () => {
    const json = metadataOf(await runHttpCheck(config({ url: `${base}/json` }), context()));
    expect(json.json).toEqual({ status: "up", checks: [1, 2] });

    const bad = metadataOf(await runHttpCheck(config({ url: `${base}/bad-json` }), context()));
    expect(bad.json).toBeUndefined();
    expect(bad.body).toBe("{not json");
  });

  test("keeps only the first 64 KiB of a body", async () => {
    const metadata = metadataOf(await runHttpCheck(config({ url: `${base}/big` }), context()));
    expect(metadata.body).toHaveLength(64 * 1024);
    expect(metadata.bodyTruncated).toBe(true);
  });

  test("follows redirects up to maxRedirects and records the hops", async () => {
    const result = await runHttpCheck(config({ url: `${base}/hop/3`, maxRedirects: 3 }), context());
    expect(result.healthy).toBe(true);
    const metadata = metadataOf(result);
    expect(metadata.redirectCount).toBe(3);
    expect(metadata.finalUrl).toBe(`${base}/hop/0`);
    expect(metadata.redirects).toEqual([
      { statusCode: 302, url: `${base}/hop/3`, location: `${base}/hop/2` },
      { statusCode: 302, url: `${base}/hop/2`, location: `${base}/hop/1` },
      { statusCode: 302, url: `${base}/hop/1`, location: `${base}/hop/0` },
    ]);

    const tooMany = await runHttpCheck(config({ url: `${base}/hop/3`, maxRedirects: 2 }), context());
    expect(tooMany.healthy).toBe(false);
    expect(tooMany.message).toContain("too many redirects");
  });

  test("without followRedirects the 3xx itself is checked", async () => {
    const unexpected = await runHttpCheck(config({ url: `${base}/hop/1`, followRedirects: false }), context());
    expect(unexpected.healthy).toBe(false);
    expect(metadataOf(unexpected).statusCode).toBe(302);
    const expected = await runHttpCheck(config({ url: `${base}/hop/1`, followRedirects: false, expectedStatus: 302 }), context());
    expect(expected.healthy).toBe(true);
  });

  test("a 303 after POST continues as a bodiless GET", async () => {
    const result = await runHttpCheck(
      config({ url: `${base}/see-other`, method: "POST", body: "payload", headers: { "content-type": "text/plain" } }),
      context(),
    );
    expect(metadataOf(result).json).toEqual({ method: "GET", body: "" });
    expect(lastEchoHeaders["content-type"]).toBeUndefined();
  });

  test("sends plain and secret headers and the body", async () => {
    const result = await runHttpCheck(
      config({ url: `${base}/echo`, method: "PUT", body: "hello", headers: { "x-plain": "1" }, secretHeaders: { Authorization: "Bearer s3cret" } }),
      context(),
    );
    expect(metadataOf(result).json).toEqual({ method: "PUT", body: "hello" });
    expect(lastEchoHeaders).toMatchObject({ "x-plain": "1", authorization: "Bearer s3cret" });
  });

  test("does not forward credentials to another origin", async () => {
    const result = await runHttpCheck(
      config({ url: `${base}/elsewhere`, headers: { "x-plain": "1" }, secretHeaders: { "x-api-key": "k", authorization: "Bearer t" } }),
      context(),
    );
    expect(result.healthy).toBe(true);
    expect(metadataOf(result).finalUrl).toBe(`http://127.0.0.1:${otherOrigin.port}/landing`);
    expect(lastEchoHeaders["x-plain"]).toBe("1");
    expect(lastEchoHeaders["x-api-key"]).toBeUndefined();
    expect(lastEchoHeaders.authorization).toBeUndefined();
  });

  test("a refused connection is unhealthy with the reason", async () => {
    const port = await closedPort();
    const result = await runHttpCheck(config({ url: `http://127.0.0.1:${port}/` }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toContain(`request to http://127.0.0.1:${port}/ failed`);
    expect(result.message).toContain("ECONNREFUSED");
  });

  test("times out, and the server sees the request aborted", async () => {
    const started = performance.now();
    const result = await runHttpCheck(config({ url: `${base}/slow` }), context(300));
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("timed out after 300 ms");
    await withDeadline(slowRequestAborted, 2_000, "the server never saw the request aborted");
  });

  test("the registered strategy validates its config before running", async () => {
    expect(httpStrategy.id).toBe("http");
    // defineHealthCheckStrategy parses before calling execute, and throws synchronously.
    expect(() => httpStrategy.execute({ url: "gopher://x" }, context())).toThrow("http:// or https://");
    const result = await httpStrategy.execute({ url: `${base}/` }, context());
    expect(result?.healthy).toBe(true);
  });
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

