import { randomBytes } from "node:crypto";

/** argon2id with Bun's defaults (64 MiB, 2 passes): deliberately slow, for passwords only. */
export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, { algorithm: "argon2id" });
}

/** False for a wrong password and for a hash that cannot be read (never throws on stored data). */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await Bun.password.verify(password, hash);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time a real verification would when the account does not exist,
 * so response times do not tell an attacker which emails are registered.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(password, await dummyHash);
  return false;
}

/** 24 URL-safe characters (144 bits): a random password. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
