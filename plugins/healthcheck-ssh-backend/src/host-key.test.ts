import { describe, expect, test } from "bun:test";
import { hostKeyType, sshFingerprint } from "./host-key";

// A public key and the fingerprint `ssh-keygen -l -f` printed for it.
const PUBLIC_KEY_BASE64 = "AAAAC3NzaC1lZDI1NTE5AAAAIAB0+MfyThMRnf1/pAsO5VnaEXNFdwbe5HQYcuAwAWTu";
const PRINTED_FINGERPRINT = "SHA256:v8wplM74HlPesNCtTkrNRGWK0RLVdeTg/jikrlty8Rk";

describe("host keys", () => {
  test("the fingerprint is the one OpenSSH prints", () => {
    expect(sshFingerprint(Buffer.from(PUBLIC_KEY_BASE64, "base64"))).toBe(PRINTED_FINGERPRINT);
  });

  test("the key type is read from the blob", () => {
    expect(hostKeyType(Buffer.from(PUBLIC_KEY_BASE64, "base64"))).toBe("ssh-ed25519");
    expect(hostKeyType(Buffer.from([0, 0]))).toBeUndefined();
    expect(hostKeyType(Buffer.from([0, 0, 0, 200, 1]))).toBeUndefined();
  });
});
