import { describe, expect, test } from "bun:test";
import { redactDelivery, redactText } from "./redact";

describe("redaction", () => {
  test("masks a secret, its URL-encoded spelling, and a webhook URL's path", () => {
    const url = "https://hooks.example.com/services/T1/B2/abcdef123456";
    expect(redactText(`failed: ${url}`, [url])).toBe("failed: ********");
    expect(redactText("POST /services/T1/B2/abcdef123456 refused", [url])).toBe("POST ******** refused");
    expect(redactText("token=a%2Fb%2Bc%3D", ["a/b+c="])).toBe("token=********");
  });

  test("leaves short values alone and masks both the error and the provider's answer", () => {
    expect(redactText("a b c", ["b"])).toBe("a b c");
    const delivery = redactDelivery({ ok: false, error: "bad key sk_live_123", providerResponse: "echo sk_live_123", retryable: false }, ["sk_live_123"]);
    expect(delivery).toEqual({ ok: false, error: "bad key ********", providerResponse: "echo ********", retryable: false });
  });
});
