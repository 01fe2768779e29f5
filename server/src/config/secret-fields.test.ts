import { describe, expect, test } from "bun:test";
import { REDACTED, secret } from "@checkstack/backend-api";
import { z } from "zod";
import { ReservedEnvelopeError, findSecretPaths, isSecretEnvelope, openSecrets, redactSecrets, sealSecrets, type FieldPath } from "./secret-fields";

// Reversible and path-bound like the real box, but readable in assertions; base64 keeps plaintext out of the sealed JSON.
const fakeEncrypt = (plain: string, path: FieldPath) => `${JSON.stringify(path)}|${Buffer.from(plain).toString("base64")}`;
const fakeDecrypt = (cipher: string, path: FieldPath) => {
  const [boundPath, body] = cipher.split("|");
  if (boundPath !== JSON.stringify(path) || body === undefined) throw new Error(`bound to ${boundPath}, opened at ${JSON.stringify(path)}`);
  return Buffer.from(body, "base64").toString();
};

const schema = z.object({
  name: z.string(),
  apiKey: secret(z.string()),
  smtp: z
    .object({
      host: z.string(),
      password: secret(z.string()).optional(),
      port: z.number().default(25),
    })
    .optional(),
  webhooks: z.array(z.object({ url: z.string(), signingKey: secret(z.string()).nullable() })).default([]),
  headers: z.record(z.string(), secret(z.string())).optional(),
  oauth: secret(z.object({ clientId: z.string(), clientSecret: z.string() })).optional(),
});

const value = schema.parse({
  name: "prod",
  apiKey: "sk-live-123",
  smtp: { host: "mail", password: "hunter2" },
  webhooks: [
    { url: "https://a", signingKey: "whsec-a" },
    { url: "https://b", signingKey: null },
  ],
  headers: { Authorization: "Bearer xyz" },
  oauth: { clientId: "id-1", clientSecret: "oauth-secret" },
});

const plaintexts = ["sk-live-123", "hunter2", "whsec-a", "Bearer xyz", "oauth-secret", "id-1"];

describe("findSecretPaths", () => {
  test("finds secrets through nesting, wrappers, arrays and records, skipping unset ones", () => {
    expect(findSecretPaths(schema, value)).toEqual(
      expect.arrayContaining([["apiKey"], ["smtp", "password"], ["webhooks", 0, "signingKey"], ["headers", "Authorization"], ["oauth"]]),
    );
    expect(findSecretPaths(schema, value)).toHaveLength(5);
  });

  test("marks a secret inside a secret only once, at the outer field", () => {
    const nested = secret(z.object({ inner: secret(z.string()) }));
    expect(findSecretPaths(z.object({ a: nested }), { a: { inner: "x" } })).toEqual([["a"]]);
  });

  test("follows the option a union value matches", () => {
    const union = z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("basic"), password: secret(z.string()) }),
      z.object({ kind: z.literal("token"), token: secret(z.string()), label: z.string() }),
    ]);
    expect(findSecretPaths(union, { kind: "token", token: "t", label: "l" })).toEqual([["token"]]);
    expect(findSecretPaths(union, { kind: "basic", password: "p" })).toEqual([["password"]]);
  });

  test("reads secret markers through transforms and pipes", () => {
    const piped = z.object({ a: secret(z.string()).transform((s) => s.trim()), b: z.string().pipe(secret(z.string())) });
    expect(findSecretPaths(piped, { a: "x", b: "y" })).toEqual([["a"], ["b"]]);
  });
});

describe("sealSecrets / openSecrets", () => {
  test("replaces only secret fields with envelopes, and opens back to the same value", () => {
    const sealed = sealSecrets(schema, value, fakeEncrypt);
    const json = JSON.stringify(sealed);
    for (const plain of plaintexts) expect(json).not.toContain(plain);
    expect(json).toContain('"name":"prod"');
    expect(json).toContain('"host":"mail"');
    expect(json).toContain('"signingKey":null');
    expect(sealed).toMatchObject({ apiKey: { $secret: expect.any(String) }, oauth: { $secret: expect.any(String) } });
    expect(openSecrets(JSON.parse(json), fakeDecrypt)).toEqual(value);
  });

  test("binds each ciphertext to its path: a moved envelope does not open", () => {
    const sealed = sealSecrets(schema, value, fakeEncrypt);
    if (typeof sealed !== "object" || sealed === null) throw new Error("expected an object");
    const moved = { ...sealed, name: Reflect.get(sealed, "apiKey") };
    expect(() => openSecrets(moved, fakeDecrypt)).toThrow(/opened at \["name"\]/);
  });

  test("does not mutate its input", () => {
    const copy = structuredClone(value);
    sealSecrets(schema, value, fakeEncrypt);
    redactSecrets(schema, value);
    expect(value).toEqual(copy);
  });

  test("seals a whole top-level secret value", () => {
    const sealed = sealSecrets(secret(z.string()), "top", fakeEncrypt);
    expect(isSecretEnvelope(sealed)).toBe(true);
    expect(openSecrets(sealed, fakeDecrypt)).toBe("top");
  });

  test("rejects an envelope-shaped object in a non-secret field", () => {
    const free = z.object({ extra: z.record(z.string(), z.unknown()) });
    expect(() => sealSecrets(free, { extra: { planted: { $secret: "v1:..." } } }, fakeEncrypt)).toThrow(ReservedEnvelopeError);
  });
});

describe("redactSecrets", () => {
  test("masks set secrets and leaves unset ones visible as unset", () => {
    expect(redactSecrets(schema, value)).toEqual({
      name: "prod",
      apiKey: REDACTED,
      smtp: { host: "mail", password: REDACTED, port: 25 },
      webhooks: [
        { url: "https://a", signingKey: REDACTED },
        { url: "https://b", signingKey: null },
      ],
      headers: { Authorization: REDACTED },
      oauth: REDACTED,
    });
    const minimal = schema.parse({ name: "n", apiKey: "k", smtp: { host: "h" } });
    expect(redactSecrets(schema, minimal)).toEqual({ name: "n", apiKey: REDACTED, smtp: { host: "h", port: 25 }, webhooks: [] });
  });

  test("masks envelopes wherever they are", () => {
    expect(redactSecrets(z.unknown(), { a: [{ $secret: "cipher" }] })).toEqual({ a: [REDACTED] });
  });

  test("masks the whole value when no union option accepts it", () => {
    const union = z.union([z.object({ password: secret(z.string()) }), z.object({ user: z.string() })]);
    expect(redactSecrets(union, { password: 42 })).toBe(REDACTED);
  });
});
