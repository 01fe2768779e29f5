import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { httpCheckConfigSchema } from "./config";
import { runHttpCheck } from "./http-strategy";
import { createSelfSignedCertificate, type TestCertificate } from "@checkstack/test-utils";

let server: ReturnType<typeof Bun.serve>;
let certificate: TestCertificate;
let base: string;

const context = () => ({ signal: AbortSignal.timeout(5_000), timeoutMs: 5_000 });

beforeAll(async () => {
  certificate = await createSelfSignedCertificate(30);
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    tls: { cert: certificate.cert, key: certificate.key },
    fetch: (request) => (new URL(request.url).pathname === "/hop" ? Response.redirect("/", 301) : new Response("secure")),
  });
  base = `https://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.stop(true);
});

describe("https", () => {
  test("verifyTls rejects a self-signed certificate", async () => {
    const result = await runHttpCheck(httpCheckConfigSchema.parse({ url: `${base}/` }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toContain("TLS certificate of 127.0.0.1");
    expect(result.message).toContain("SELF_SIGNED");
    expect(result.metadata?.tlsAuthorized).toBe(false);
  });

  test("verifyTls false accepts it and reports it as not authorized", async () => {
    const result = await runHttpCheck(httpCheckConfigSchema.parse({ url: `${base}/hop`, verifyTls: false }), context());
    expect(result.healthy).toBe(true);
    expect(result.metadata).toMatchObject({ body: "secure", tlsAuthorized: false, redirectCount: 1 });
  });

  test("a trusted CA makes the certificate authorized", async () => {
    const result = await runHttpCheck(httpCheckConfigSchema.parse({ url: `${base}/`, ca: certificate.cert }), context());
    expect(result.healthy).toBe(true);
    expect(result.metadata?.tlsAuthorized).toBe(true);
  });
});
