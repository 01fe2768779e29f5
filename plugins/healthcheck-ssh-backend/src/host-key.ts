import { createHash } from "node:crypto";

/** The fingerprint of a host key blob as OpenSSH prints it: "SHA256:" and base64 without padding. */
export function sshFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash("sha256").update(keyBlob).digest("base64").replace(/=+$/, "")}`;
}

/** The key type a host key blob starts with (an SSH string: 4-byte length, then e.g. "ssh-ed25519"). */
export function hostKeyType(keyBlob: Buffer): string | undefined {
  if (keyBlob.length < 4) return undefined;
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || keyBlob.length < 4 + length) return undefined;
  return keyBlob.subarray(4, 4 + length).toString("ascii");
}
