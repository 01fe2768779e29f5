import { createSelfSignedCertificate, type TestCertificate } from "@checkstack/test-utils";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { websocketCheckConfigSchema } from "./config";
import { runWebsocketCheck } from "./websocket-strategy";
import { startWebsocketTestServer, type WebsocketTestServer } from "./websocket-test-server";

let plain: WebsocketTestServer;
let secure: WebsocketTestServer;
let certificate: TestCertificate;

beforeAll(async () => {
  certificate = await createSelfSignedCertificate(30);
  plain = await startWebsocketTestServer();
  secure = await startWebsocketTestServer(certificate);
});

afterAll(async () => {
  await Promise.all([plain?.stop(), secure?.stop()]);
});

const context = (timeoutMs = 5_000) => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs });
const config = (input: Record<string, unknown>) => websocketCheckConfigSchema.parse(input);

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (condition()) return true;
    await Bun.sleep(10);
  }
  return condition();
}

describe("websocket strategy", () => {
  test("an upgrade alone is healthy, and the connection is closed after", async () => {
    const result = await runWebsocketCheck(config({ url: `${plain.base}/silent` }), context());
    expect(result.healthy).toBe(true);
    expect(result.message).toBe(`upgraded ${plain.base}/silent`);
    expect(result.metadata).toMatchObject({ statusCode: 101, protocol: null });
    expect(result.metadata?.connectMs).toBeNumber();
    expect(await waitUntil(() => plain.openConnections() === 0, 2_000)).toBe(true);
  });

  test("send and a matching reply (substring and regex) is healthy", async () => {
    const result = await runWebsocketCheck(
      config({ url: `${plain.base}/echo`, send: "ping", expectContains: "echo:ping", expectPattern: "^echo:p.ng$" }),
      context(),
    );
    expect(result.healthy).toBe(true);
    expect(result.metadata).toMatchObject({ reply: "echo:ping" });
    expect(result.metadata?.replyMs).toBeNumber();
  });

  test("a message the server pushes unprompted counts as the reply", async () => {
    const result = await runWebsocketCheck(config({ url: `${plain.base}/greet`, expectContains: "welcome" }), context());
    expect(result.healthy).toBe(true);
  });

  test("headers (secret values) reach the server", async () => {
    const result = await runWebsocketCheck(
      config({ url: `${plain.base}/headers`, headers: { "x-token": "s3cret" }, send: "who", expectContains: "s3cret" }),
      context(),
    );
    expect(result.healthy).toBe(true);
  });

  test("a wrong reply is unhealthy and reports what came back", async () => {
    const contains = await runWebsocketCheck(config({ url: `${plain.base}/echo`, send: "ping", expectContains: "pong" }), context());
    expect(contains.healthy).toBe(false);
    expect(contains.message).toBe('reply does not contain "pong"');
    expect(contains.metadata?.reply).toBe("echo:ping");
    const pattern = await runWebsocketCheck(config({ url: `${plain.base}/echo`, send: "ping", expectPattern: "^pong$" }), context());
    expect(pattern.healthy).toBe(false);
    expect(pattern.message).toBe("reply does not match /^pong$/");
  });

  test("a rejected upgrade (HTTP 403) is unhealthy with the status", async () => {
    const result = await runWebsocketCheck(config({ url: `${plain.base}/deny` }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toBe(`${plain.base}/deny: upgrade rejected with HTTP 403`);
    expect(result.metadata).toEqual({ statusCode: 403 });
  });

  test("a refused connection is unhealthy", async () => {
    const result = await runWebsocketCheck(config({ url: "ws://127.0.0.1:1/" }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toContain("upgrade to ws://127.0.0.1:1/ failed");
    expect(result.message).toContain("ECONNREFUSED");
  });

  test("no reply times out at the deadline and the connection is closed", async () => {
    const started = performance.now();
    const result = await runWebsocketCheck(config({ url: `${plain.base}/silent`, send: "ping", expectContains: "pong" }), context(300));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("timed out after 300 ms");
    expect(result.metadata?.connectMs).toBeNumber();
    expect(await waitUntil(() => plain.openConnections() === 0, 2_000)).toBe(true);
  });

  test("an abort signal from the caller stops the run", async () => {
    const controller = new AbortController();
    const pending = runWebsocketCheck(config({ url: `${plain.base}/silent`, expectContains: "x" }), { signal: controller.signal, timeoutMs: 10_000 });
    expect(await waitUntil(() => plain.openConnections() === 1, 2_000)).toBe(true);
    controller.abort();
    const result = await pending;
    expect(result.message).toStartWith("timed out");
    expect(await waitUntil(() => plain.openConnections() === 0, 2_000)).toBe(true);
  });
});

describe("wss", () => {
  test("a self-signed certificate is refused by default", async () => {
    const result = await runWebsocketCheck(config({ url: `${secure.base}/echo` }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toContain("SELF_SIGNED");
  });

  test("verifyTls false accepts it and reports tlsAuthorized false", async () => {
    const result = await runWebsocketCheck(config({ url: `${secure.base}/echo`, verifyTls: false, send: "hi", expectContains: "echo:hi" }), context());
    expect(result.healthy).toBe(true);
    expect(result.metadata).toMatchObject({ tlsAuthorized: false, reply: "echo:hi" });
  });

  test("a trusted CA verifies it", async () => {
    const result = await runWebsocketCheck(config({ url: `${secure.base.replace("127.0.0.1", "localhost")}/echo`, ca: certificate.cert }), context());
    expect(result.healthy).toBe(true);
    expect(result.metadata?.tlsAuthorized).toBe(true);
  });
});
