import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { domainExpiryCheckConfigSchema } from "./config";
import { runDomainExpiryCheck } from "./domain-expiry-strategy";
import { BOOTSTRAP_URL_ENV, clearBootstrapCache } from "./rdap-bootstrap";
import { startRdapTestServer, type RdapTestServer } from "./rdap-test-server";

let server: RdapTestServer;

beforeAll(() => {
  server = startRdapTestServer({ "healthy.test": 200, "soon.test": 20, "critical.test": 3, "lapsed.test": -5, "noexpiry.test": undefined });
});

afterAll(async () => {
  await server?.stop();
});

afterEach(() => {
  delete process.env[BOOTSTRAP_URL_ENV];
  clearBootstrapCache();
});

const context = (timeoutMs = 5_000) => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs });
const config = (input: Record<string, unknown>) => domainExpiryCheckConfigSchema.parse({ rdapBaseUrl: server.base, ...input });

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (condition()) return true;
    await Bun.sleep(10);
  }
  return condition();
}

describe("domain-expiry strategy", () => {
  test("a far expiry is healthy with the days left in metadata", async () => {
    const result = await runDomainExpiryCheck(config({ domain: "Healthy.TEST." }), context());
    expect(result.healthy).toBe(true);
    expect(result.message).toMatch(/^healthy\.test expires in 200 days \(\d{4}-\d\d-\d\d\)$/);
    expect(result.metadata).toMatchObject({
      rdapUrl: `${server.base}/domain/healthy.test`,
      daysLeft: 200,
      daysUntilExpiry: 200,
      expiryStatus: "ok",
      domainStatus: ["client transfer prohibited"],
    });
    expect(new Date(String(result.metadata?.expiresAt)).getTime()).toBeGreaterThan(Date.now());
  });

  test("under warnDays stays healthy but is marked warning", async () => {
    const result = await runDomainExpiryCheck(config({ domain: "soon.test", warnDays: 30, criticalDays: 7 }), context());
    expect(result.healthy).toBe(true);
    expect(result.message).toContain("expires in 20 days");
    expect(result.message).toContain("warning below 30");
    expect(result.metadata?.expiryStatus).toBe("warning");
  });

  test("under criticalDays, or expired, is unhealthy", async () => {
    const critical = await runDomainExpiryCheck(config({ domain: "critical.test" }), context());
    expect(critical.healthy).toBe(false);
    expect(critical.message).toContain("critical.test expires in 3 days");
    expect(critical.metadata).toMatchObject({ daysLeft: 3, expiryStatus: "critical" });
    const lapsed = await runDomainExpiryCheck(config({ domain: "lapsed.test" }), context());
    expect(lapsed.healthy).toBe(false);
    expect(lapsed.message).toContain("lapsed.test expired 5 days ago");
    expect(lapsed.metadata).toMatchObject({ daysLeft: -5, expiryStatus: "critical" });
  });

  test("an unknown domain (RDAP 404) is unhealthy", async () => {
    const result = await runDomainExpiryCheck(config({ domain: "unknown.test" }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toBe(`unknown.test is not registered at ${server.base}/domain/unknown.test (HTTP 404: Not Found)`);
  });

  test("a record without an expiration event is unhealthy", async () => {
    const result = await runDomainExpiryCheck(config({ domain: "noexpiry.test" }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("the RDAP record of noexpiry.test has no expiration event");
  });

  test("without rdapBaseUrl the server is found through the bootstrap registry, fetched once", async () => {
    process.env[BOOTSTRAP_URL_ENV] = server.bootstrapUrl;
    const before = server.bootstrapRequests();
    const first = await runDomainExpiryCheck(domainExpiryCheckConfigSchema.parse({ domain: "healthy.test" }), context());
    const second = await runDomainExpiryCheck(domainExpiryCheckConfigSchema.parse({ domain: "soon.test" }), context());
    expect(first.healthy).toBe(true);
    expect(first.metadata?.rdapUrl).toBe(`${server.base}/domain/healthy.test`);
    expect(second.metadata?.expiryStatus).toBe("warning");
    expect(server.bootstrapRequests() - before).toBe(1);
  });

  test("a TLD missing from the bootstrap registry is a clear failure", async () => {
    process.env[BOOTSTRAP_URL_ENV] = server.bootstrapUrl;
    const result = await runDomainExpiryCheck(domainExpiryCheckConfigSchema.parse({ domain: "example.invalid" }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toBe(`RDAP lookup of example.invalid failed: no RDAP server is registered for .invalid in ${server.bootstrapUrl}`);
  });

  test("a server that does not answer times out and the request is closed", async () => {
    const slowBase = server.base.replace(/\/rdap$/, "/slow");
    const result = await runDomainExpiryCheck(config({ domain: "healthy.test", rdapBaseUrl: slowBase }), context(300));
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("timed out after 300 ms");
    expect(await waitUntil(() => server.pendingSlowRequests() === 0, 2_000)).toBe(true);
  });

  test("an unreachable server is unhealthy", async () => {
    const result = await runDomainExpiryCheck(config({ domain: "healthy.test", rdapBaseUrl: "http://127.0.0.1:1/rdap" }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toStartWith("RDAP lookup of healthy.test failed:");
  });
});
