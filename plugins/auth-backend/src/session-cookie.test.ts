import { describe, expect, test } from "bun:test";
import { cameOverHttps, clearedSessionCookie, readSessionToken, sessionCookie } from "./session-cookie";
import { hashSessionToken, isWellFormedSessionToken, newSessionToken } from "./session-tokens";

const attributesOf = (cookie: string) => cookie.split("; ").slice(1);

describe("session cookie", () => {
  const now = new Date("2030-01-01T00:00:00Z");
  const expiresAt = new Date(now.getTime() + 7 * 24 * 3600 * 1000);

  test("is HttpOnly, SameSite=Lax, Path=/, and expires with the session", () => {
    const cookie = sessionCookie("tok", expiresAt, { secure: false, now });
    expect(cookie).toStartWith("checkstack_session=tok; ");
    const attributes = attributesOf(cookie);
    expect(attributes).toContain("HttpOnly");
    expect(attributes).toContain("SameSite=Lax");
    expect(attributes).toContain("Path=/");
    expect(attributes).toContain("Max-Age=604800");
    expect(attributes).toContain(`Expires=${expiresAt.toUTCString()}`);
    expect(attributes).not.toContain("Secure");
  });

  test("is Secure when the request came over https", () => {
    expect(attributesOf(sessionCookie("tok", expiresAt, { secure: true, now }))).toContain("Secure");
    expect(cameOverHttps(new Headers({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(cameOverHttps(new Headers({ "x-forwarded-proto": "https, http" }))).toBe(true);
    expect(cameOverHttps(new Headers({ "x-forwarded-proto": "http" }))).toBe(false);
    expect(cameOverHttps(new Headers({ forwarded: 'for=1.2.3.4;proto="https";by=proxy' }))).toBe(true);
    expect(cameOverHttps(new Headers({ forwarded: "for=1.2.3.4;proto=http" }))).toBe(false);
    expect(cameOverHttps(new Headers())).toBe(false);
  });

  test("clearing expires it at once with the same attributes", () => {
    const cleared = clearedSessionCookie({ secure: true });
    expect(cleared).toStartWith("checkstack_session=; ");
    expect(attributesOf(cleared)).toEqual(expect.arrayContaining(["Max-Age=0", "HttpOnly", "SameSite=Lax", "Path=/", "Secure"]));
  });

  test("reads the token from a Cookie header among others", () => {
    expect(readSessionToken("a=1; checkstack_session=abc; b=2")).toBe("abc");
    expect(readSessionToken("checkstack_session=abc")).toBe("abc");
    expect(readSessionToken("xcheckstack_session=abc")).toBeUndefined();
    expect(readSessionToken("checkstack_session=")).toBeUndefined();
    expect(readSessionToken("garbage")).toBeUndefined();
    expect(readSessionToken(null)).toBeUndefined();
  });
});

describe("session tokens", () => {
  test("are 32 random bytes, base64url, stored only as SHA-256", () => {
    const token = newSessionToken();
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(isWellFormedSessionToken(token)).toBe(true);
    expect(isWellFormedSessionToken(`${token}x`)).toBe(false);
    expect(isWellFormedSessionToken("short")).toBe(false);
    expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionToken(token)).toBe(hashSessionToken(token));
    expect(newSessionToken()).not.toBe(token);
  });
});
