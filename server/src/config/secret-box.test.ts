import { afterAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SecretBox, SecretDecryptionError, SecretKeyError, loadSecretKey, parseSecretKey } from "./secret-box";

const key = randomBytes(32);
const scratch: string[] = [];

async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "checkstack-secret-box-"));
  scratch.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Sets a padding bit of the last data character: Node decodes it to the same bytes, a typo it would otherwise hide. */
function nonCanonicalBase64(bytes: Buffer): string {
  const text = bytes.toString("base64");
  const last = BASE64_ALPHABET.indexOf(text.charAt(42));
  return `${text.slice(0, 42)}${BASE64_ALPHABET.charAt(last | 1)}=`;
}

describe("parseSecretKey", () => {
  test("accepts 64 hex characters, base64 and base64url, ignoring surrounding whitespace", () => {
    expect(parseSecretKey(key.toString("hex"))).toEqual(key);
    expect(parseSecretKey(key.toString("hex").toUpperCase())).toEqual(key);
    expect(parseSecretKey(`  ${key.toString("base64")}\n`)).toEqual(key);
    expect(parseSecretKey(key.toString("base64").replace(/=$/, ""))).toEqual(key);
    expect(parseSecretKey(key.toString("base64url"))).toEqual(key);
  });

  test.each([
    ["empty", ""],
    ["a passphrase", "correct horse battery staple"],
    ["31 bytes of base64", randomBytes(31).toString("base64")],
    ["33 bytes of base64", randomBytes(33).toString("base64")],
    ["48 bytes of base64 (64 characters, not hex)", randomBytes(48).toString("base64")],
    ["63 hex characters", key.toString("hex").slice(1)],
    ["base64 with stray bits in its last character", nonCanonicalBase64(key)],
  ])("rejects %s with a message that explains the format", (_, text) => {
    const attempt = () => parseSecretKey(text);
    expect(attempt).toThrow(SecretKeyError);
    expect(attempt).toThrow(/CHECKSTACK_SECRET_KEY must be a 32-byte key written as 64 hex characters or 44 base64 characters/);
  });

  test("never repeats the rejected value in the error", () => {
    const wrong = randomBytes(20).toString("hex");
    expect(() => parseSecretKey(wrong)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(wrong) }));
  });
});

describe("loadSecretKey", () => {
  test("prefers CHECKSTACK_SECRET_KEY and writes no key file", async () => {
    const dataDir = await scratchDir();
    const loaded = await loadSecretKey({ envValue: key.toString("base64"), dataDir });
    expect(loaded).toEqual({ key, origin: "CHECKSTACK_SECRET_KEY" });
    await expect(stat(join(dataDir, "secret.key"))).rejects.toThrow(/ENOENT/);
  });

  test("rejects a malformed CHECKSTACK_SECRET_KEY instead of falling back to the file", async () => {
    const dataDir = await scratchDir();
    await expect(loadSecretKey({ envValue: "", dataDir })).rejects.toThrow(SecretKeyError);
    await expect(loadSecretKey({ envValue: "too-short", dataDir })).rejects.toThrow(/CHECKSTACK_SECRET_KEY must be/);
  });

  test("generates <dataDir>/secret.key once, mode 0600, and reuses it", async () => {
    const dataDir = join(await scratchDir(), "nested", "data");
    const first = await loadSecretKey({ envValue: undefined, dataDir });
    const path = join(dataDir, "secret.key");
    expect(first.origin).toBe(path);
    expect(first.key).toHaveLength(32);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const written = await readFile(path, "utf8");
    const again = await loadSecretKey({ envValue: undefined, dataDir });
    expect(again.key).toEqual(first.key);
    expect(await readFile(path, "utf8")).toBe(written);
  });

  test("instances starting together on one data dir agree on the key", async () => {
    const dataDir = await scratchDir();
    const loaded = await Promise.all(Array.from({ length: 8 }, () => loadSecretKey({ envValue: undefined, dataDir })));
    for (const { key: each } of loaded) expect(each).toEqual(loaded[0]?.key ?? Buffer.alloc(0));
  });

  test("names the key file when its content is not a key", async () => {
    const dataDir = await scratchDir();
    await writeFile(join(dataDir, "secret.key"), "garbage\n");
    await expect(loadSecretKey({ envValue: undefined, dataDir })).rejects.toThrow(`${join(dataDir, "secret.key")} must be a 32-byte key`);
  });
});

describe("SecretBox", () => {
  const box = new SecretBox(key);

  test("round-trips text, with a fresh IV each time", () => {
    const plain = "pässwörd 🔑 with: colons";
    const first = box.encrypt(plain);
    const second = box.encrypt(plain);
    expect(first).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(plain);
    expect(box.decrypt(first)).toBe(plain);
    expect(box.decrypt(box.encrypt(""))).toBe("");
  });

  test("rejects tampered ciphertext, tag or IV", () => {
    const sealed = box.encrypt("top secret");
    const [version, iv, tag, body] = sealed.split(":") as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, "base64");
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString("base64");
    };
    for (const tampered of [
      [version, iv, tag, flip(body)],
      [version, iv, flip(tag), body],
      [version, flip(iv), tag, body],
    ]) {
      expect(() => box.decrypt(tampered.join(":"))).toThrow(SecretDecryptionError);
    }
  });

  test("rejects malformed input clearly", () => {
    expect(() => box.decrypt("plaintext")).toThrow(/not a v1 secret/);
    expect(() => box.decrypt("v2:a:b:c")).toThrow(/not a v1 secret/);
    expect(() => box.decrypt("v1:AAAA:AAAA:AAAA")).toThrow(/wrong IV or authentication tag length/);
  });

  test("a different key or context cannot decrypt, and says why", () => {
    const sealed = box.encrypt("value", "context-a");
    expect(box.decrypt(sealed, "context-a")).toBe("value");
    expect(() => box.decrypt(sealed, "context-b")).toThrow(SecretDecryptionError);
    expect(() => new SecretBox(randomBytes(32)).decrypt(sealed, "context-a")).toThrow(/encrypted with a different CHECKSTACK_SECRET_KEY/);
  });

  test("refuses keys of the wrong length", () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(SecretKeyError);
  });

  test("the fingerprint identifies the key without revealing it", () => {
    expect(box.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(box.fingerprint).toBe(new SecretBox(Buffer.from(key)).fingerprint);
    expect(box.fingerprint).not.toBe(new SecretBox(randomBytes(32)).fingerprint);
    expect(box.fingerprint).not.toContain(key.toString("hex"));
    expect(JSON.stringify(box)).not.toContain(key.toString("base64"));
  });
});
