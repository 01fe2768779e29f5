import { isSecretSchema } from "@checkstack/backend-api";
import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { httpCheckConfigSchema } from "./config";

function issues(input: unknown): string {
  const result = httpCheckConfigSchema.safeParse(input);
  if (result.success) throw new Error("expected the config to be rejected");
  return z.prettifyError(result.error);
}

describe("http check config", () => {
  test("fills in defaults", () => {
    expect(httpCheckConfigSchema.parse({ url: "https://example.com/health" })).toEqual({
      method: "GET",
      url: "https://example.com/health",
      headers: {},
      secretHeaders: {},
      expectedStatus: "2xx",
      followRedirects: true,
      maxRedirects: 5,
      verifyTls: true,
    });
  });

  test("accepts only http and https URLs", () => {
    expect(issues({ url: "ftp://example.com" })).toContain("http:// or https://");
    expect(issues({ url: "not a url" })).toContain("http:// or https://");
  });

  test("explains bad fields", () => {
    expect(issues({ url: "http://x.test", method: "FETCH" })).toContain("method must be one of");
    expect(issues({ url: "http://x.test", body: "{}" })).toContain("a GET request cannot have a body");
    expect(issues({ url: "http://x.test", headers: { "bad name": "x" } })).toContain("header name \"bad name\" may only contain");
    expect(issues({ url: "http://x.test", headers: { "x-a": "a\r\nb" } })).toContain("CR, LF");
    expect(issues({ url: "http://x.test", maxRedirects: 50 })).toContain("at most 20");
    expect(issues({ url: "http://x.test", headers: { Authorization: "a" }, secretHeaders: { authorization: "b" } })).toContain(
      "both headers and secretHeaders",
    );
  });

  test("refuses credentials in the URL and points to secretHeaders (issue 12 item 9)", () => {
    const userinfo = issues({ url: "https://user:pass@example.com/health" });
    expect(userinfo).toContain("url may not contain a user name or password");
    expect(userinfo).toContain("secretHeaders");
    expect(issues({ url: "https://user@example.com/" })).toContain("user name or password");
    expect(issues({ url: "https://example.com/health?x=1&Token=abc" })).toContain('credential query parameter "Token"');
    expect(issues({ url: "https://example.com/health?api_key=abc" })).toContain("secretHeaders");
    expect(httpCheckConfigSchema.parse({ url: "https://example.com/health?verbose=1" }).url).toBe("https://example.com/health?verbose=1");
  });

  test("marks secret header values as secrets", () => {
    const secretHeaders = httpCheckConfigSchema.shape.secretHeaders;
    const record = secretHeaders.def.innerType;
    expect(isSecretSchema(record.def.valueType)).toBe(true);
    expect(isSecretSchema(httpCheckConfigSchema.shape.headers.def.innerType.def.valueType)).toBe(false);
  });
});
