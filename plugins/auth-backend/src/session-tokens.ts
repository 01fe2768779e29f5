import { createHash, randomBytes } from "node:crypto";

const TOKEN_BYTES = 32;
/** base64url of 32 bytes, without padding. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

export function isWellFormedSessionToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** What the sessions table stores: a fast hash is enough, the token has 256 bits of entropy. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
