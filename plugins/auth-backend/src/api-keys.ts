import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * API keys look like "ck_<application uuid>_<43 base64url characters>". The id
 * lets authentication find the one row to compare with (a primary-key
 * lookup); the random part carries 256 bits, so a fast HMAC is as safe to
 * store as a slow password hash, and cheap enough for every request.
 */
const KEY_PATTERN = /^ck_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function newApiKey(applicationId: string): string {
  return `ck_${applicationId}_${randomBytes(32).toString("base64url")}`;
}

/** The application id of a well-formed key, else undefined. */
export function applicationIdOfKey(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

export interface ApiKeyHasher {
  hash(key: string): string;
  /** Constant-time comparison of a presented key with a stored hash. */
  matches(key: string, storedHash: string): boolean;
}

/** HMAC-SHA256 keyed with the cluster's secret: a leaked table alone cannot be used to test guesses. */
export function createApiKeyHasher(secret: Buffer): ApiKeyHasher {
  if (secret.length < 32) throw new Error("the API key secret must be at least 32 bytes");
  const digest = (key: string) => createHmac("sha256", secret).update(key).digest();
  return {
    hash: (key) => digest(key).toString("hex"),
    matches: (key, storedHash) => {
      const stored = Buffer.from(storedHash, "hex");
      const presented = digest(key);
      return stored.length === presented.length && timingSafeEqual(stored, presented);
    },
  };
}
