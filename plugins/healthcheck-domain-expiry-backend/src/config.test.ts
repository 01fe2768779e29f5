import { describe, expect, test } from "bun:test";
import { domainExpiryCheckConfigSchema } from "./config";
import { expirationDate, rdapDomainSchema } from "./rdap-response";

const issues = (input: unknown) => domainExpiryCheckConfigSchema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];

describe("domain-expiry check config", () => {
  test("every field is described; defaults are 30 and 7 days", () => {
    for (const [name, field] of Object.entries(domainExpiryCheckConfigSchema.shape)) {
      expect({ name, description: field.description }).toEqual({ name, description: expect.any(String) });
    }
    expect(domainExpiryCheckConfigSchema.parse({ domain: "example.com" })).toEqual({ domain: "example.com", warnDays: 30, criticalDays: 7 });
  });

  test("normalizes the domain, punycode included", () => {
    expect(domainExpiryCheckConfigSchema.parse({ domain: " Bücher.Example. " }).domain).toBe("xn--bcher-kva.example");
  });

  test("config errors are clear", () => {
    expect(issues({ domain: "localhost" })).toEqual(["domain must be a registered domain name such as example.com"]);
    expect(issues({ domain: "https://example.com/" })).toEqual(["domain must be a registered domain name such as example.com"]);
    expect(issues({ domain: "example.com", rdapBaseUrl: "ftp://x" })).toEqual(["rdapBaseUrl must be an absolute http:// or https:// URL"]);
    expect(issues({ domain: "example.com", warnDays: 5, criticalDays: 10 })).toEqual(["criticalDays cannot exceed warnDays"]);
  });
});

describe("RDAP domain objects", () => {
  test("the expiration event gives the expiry; others and malformed events are skipped", () => {
    const domain = rdapDomainSchema.parse({
      objectClassName: "domain",
      events: [{ eventAction: "registration", eventDate: "2020-01-01T00:00:00Z" }, "odd", { eventAction: "expiration", eventDate: "2030-05-06T07:08:09Z" }],
    });
    expect(expirationDate(domain)?.toISOString()).toBe("2030-05-06T07:08:09.000Z");
    expect(expirationDate(rdapDomainSchema.parse({ objectClassName: "domain" }))).toBeUndefined();
    expect(rdapDomainSchema.safeParse({ objectClassName: "entity" }).success).toBe(false);
  });
});
