import { describe, expect, test } from "bun:test";
import { isSecretSchema } from "@checkstack/backend-api";
import { sshCheckConfigSchema } from "./config";

const issues = (input: Record<string, unknown>) =>
  sshCheckConfigSchema.safeParse({ host: "h", ...input }).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];

describe("ssh config", () => {
  test("defaults", () => {
    expect(sshCheckConfigSchema.parse({ host: "10.0.0.5" })).toEqual({ host: "10.0.0.5", port: 22, expectedExitCode: 0 });
  });

  test("fingerprints are written as OpenSSH prints them", () => {
    expect(issues({ hostKeyFingerprint: "SHA256:v8wplM74HlPesNCtTkrNRGWK0RLVdeTg/jikrlty8Rk" })).toEqual([]);
    expect(issues({ hostKeyFingerprint: "MD5:ab:cd" })).toEqual([
      'hostKeyFingerprint: hostKeyFingerprint must look like "SHA256:" followed by 43 base64 characters, as ssh-keygen -l prints it',
    ]);
  });

  test("credentials, command and expectations must fit together", () => {
    expect(issues({ password: "p" })).toEqual(["username: username is required with password or privateKey"]);
    expect(issues({ username: "u" })).toEqual(["password: set password or privateKey to log in as username"]);
    expect(issues({ username: "u", password: "p", passphrase: "x" })).toEqual(["passphrase: passphrase needs privateKey"]);
    expect(issues({ command: "uptime" })).toEqual(["command: command needs username and a password or privateKey"]);
    expect(issues({ username: "u", password: "p", expectedOutput: "x" })).toEqual(["expectedOutput: expectedOutput needs command"]);
    expect(issues({ username: "u", privateKey: "ssh-ed25519 AAAA" })).toEqual([
      "privateKey: privateKey must be a PEM or OpenSSH private key (-----BEGIN ... PRIVATE KEY-----)",
    ]);
    expect(issues({ username: "u", password: "p", command: "x", expectedExitCode: 256 })).toEqual(["expectedExitCode: expectedExitCode must be between 0 and 255"]);
  });

  test("password, privateKey and passphrase are secret; every field is described for the form", () => {
    const shape = sshCheckConfigSchema.shape;
    for (const field of ["password", "privateKey", "passphrase"] as const) expect(isSecretSchema(shape[field].unwrap())).toBe(true);
    expect(isSecretSchema(shape.username.unwrap())).toBe(false);
    for (const [field, schema] of Object.entries(shape)) {
      expect({ field, description: schema.description }).toEqual({ field, description: expect.any(String) });
    }
  });
});
