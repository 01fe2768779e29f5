import { describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { applicationIdOfKey, createApiKeyHasher, newApiKey } from "./api-keys";

describe("API keys", () => {
  const id = randomUUID();

  test("carry the application id and 32 random bytes", () => {
    const key = newApiKey(id);
    expect(key).toMatch(/^ck_[0-9a-f-]{36}_[A-Za-z0-9_-]{43}$/);
    expect(applicationIdOfKey(key)).toBe(id);
    expect(newApiKey(id)).not.toBe(key);
  });

  test("malformed keys name no application", () => {
    for (const bad of ["", "ck_", `ck_${id}`, `ck_${id}_short`, `xx_${id}_${"a".repeat(43)}`, `ck_not-a-uuid_${"a".repeat(43)}`]) {
      expect(applicationIdOfKey(bad)).toBeUndefined();
    }
  });

  test("are stored as HMAC-SHA256 under the secret, compared in constant time", () => {
    const hasher = createApiKeyHasher(Buffer.alloc(32, 1));
    const key = newApiKey(id);
    const stored = hasher.hash(key);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(key.slice(-43));
    expect(hasher.matches(key, stored)).toBe(true);
    expect(hasher.matches(newApiKey(id), stored)).toBe(false);
    expect(hasher.matches(key, "")).toBe(false);
    expect(hasher.matches(key, "zz")).toBe(false);
    // Another cluster's secret gives another hash: a copied table is useless elsewhere.
    expect(createApiKeyHasher(Buffer.alloc(32, 2)).matches(key, stored)).toBe(false);
  });

  test("hashing is fast (it runs on every request)", () => {
    const hasher = createApiKeyHasher(Buffer.alloc(32, 1));
    const key = newApiKey(id);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) hasher.hash(key);
    expect((performance.now() - started) / 1000).toBeLessThan(1); // ms per hash
  });

  test("refuses a short secret", () => {
    expect(() => createApiKeyHasher(Buffer.alloc(16))).toThrow("at least 32 bytes");
  });
});
