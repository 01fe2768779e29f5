import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { chmod, link, mkdir, open, readFile, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { PlatformDatabase } from "../database/platform-database";
import { platformSettings } from "../database/platform-schema";

export const SECRET_KEY_ENV = "CHECKSTACK_SECRET_KEY";
export const SECRET_KEY_FILE = "secret.key";
export const FINGERPRINT_SETTING = "secrets_key_fingerprint";

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = "v1";
// Bumping this label would make every running instance disagree with the stored fingerprint.
const FINGERPRINT_LABEL = "checkstack secrets key fingerprint v1";

/** What the config service needs from a secret box; lets tests substitute their own. */
export interface SecretCipher {
  /** `context` is bound into the ciphertext: decrypting with another context fails. */
  encrypt(plain: string, context?: string): string;
  decrypt(cipher: string, context?: string): string;
}

export class SecretKeyError extends Error {
  override readonly name = "SecretKeyError";
}

export class SecretDecryptionError extends Error {
  override readonly name = "SecretDecryptionError";
}

export class SecretKeyMismatchError extends Error {
  override readonly name = "SecretKeyMismatchError";
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/]{43}=?$|^[A-Za-z0-9_-]{43}$/;

/**
 * Decodes a 32-byte key written as 64 hex characters or as base64 (standard or
 * url-safe). `origin` names where it came from; the key itself never appears in errors.
 */
export function parseSecretKey(text: string, origin: string = SECRET_KEY_ENV): Buffer {
  const trimmed = text.trim();
  const expected = `${origin} must be a 32-byte key written as 64 hex characters or 44 base64 characters (generate one with: openssl rand -base64 32)`;
  if (trimmed === "") throw new SecretKeyError(`${expected}; it is empty`);
  if (HEX_KEY.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (BASE64_KEY.test(trimmed)) {
    const urlSafe = /[-_]/.test(trimmed);
    const key = Buffer.from(trimmed, urlSafe ? "base64url" : "base64");
    // Node ignores stray low bits in the last character; re-encoding catches typos that would otherwise change the key silently.
    const canonical = key.toString(urlSafe ? "base64url" : "base64").replace(/=+$/, "");
    if (key.length === KEY_BYTES && canonical === trimmed.replace(/=+$/, "")) return key;
  }
  throw new SecretKeyError(`${expected}; got ${trimmed.length} characters that are neither`);
}

export interface SecretKeySource {
  /** The value of CHECKSTACK_SECRET_KEY, undefined when it is not set. */
  envValue: string | undefined;
  /** Where the generated key file lives when no key is given. */
  dataDir: string;
}

export interface LoadedSecretKey {
  key: Buffer;
  /** "CHECKSTACK_SECRET_KEY" or the key file's path; for error messages. */
  origin: string;
}

/** The key from the environment, else from `<dataDir>/secret.key`, generating that file on first start. */
export async function loadSecretKey(source: SecretKeySource): Promise<LoadedSecretKey> {
  if (source.envValue !== undefined) return { key: parseSecretKey(source.envValue, SECRET_KEY_ENV), origin: SECRET_KEY_ENV };
  const path = join(source.dataDir, SECRET_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing) return { key: existing, origin: path };
  await writeKeyFileOnce(path, randomBytes(KEY_BYTES));
  // Read back rather than trust our own bytes: another process may have won the race.
  const stored = await readKeyFile(path);
  if (!stored) throw new SecretKeyError(`${path} disappeared right after it was created`);
  return { key: stored, origin: path };
}

async function readKeyFile(path: string): Promise<Buffer | undefined> {
  try {
    return parseSecretKey(await readFile(path, "utf8"), path);
  } catch (error) {
    if (isErrnoException(error) && error.code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Writes a temporary file and hard-links it into place: link() fails when the
 * key file exists, so processes sharing a data dir never see a half-written
 * key or overwrite one another's.
 */
async function writeKeyFileOnce(path: string, key: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temporary, "wx", 0o600);
  try {
    await handle.writeFile(`${key.toString("base64")}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // The creation mode is filtered through the umask; make 0600 explicit.
    await chmod(temporary, 0o600);
    await link(temporary, path);
  } catch (error) {
    if (!(isErrnoException(error) && error.code === "EEXIST")) throw error;
  } finally {
    await unlink(temporary);
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error;
}

/** AES-256-GCM: `v1:<iv>:<tag>:<ciphertext>`, each part base64, a fresh random IV per value. */
export class SecretBox implements SecretCipher {
  readonly #key: Buffer;
  readonly origin: string;

  constructor(key: Buffer, origin: string = SECRET_KEY_ENV) {
    if (key.length !== KEY_BYTES) throw new SecretKeyError(`${origin} must be ${KEY_BYTES} bytes, got ${key.length}`);
    this.#key = Buffer.from(key);
    this.origin = origin;
  }

  static async load(source: SecretKeySource): Promise<SecretBox> {
    const { key, origin } = await loadSecretKey(source);
    return new SecretBox(key, origin);
  }

  encrypt(plain: string, context = ""): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64"));
    return [FORMAT_VERSION, ...parts].join(":");
  }

  decrypt(text: string, context = ""): string {
    const parts = text.split(":");
    if (parts.length !== 4 || parts[0] !== FORMAT_VERSION) {
      throw new SecretDecryptionError(`not a ${FORMAT_VERSION} secret: expected "${FORMAT_VERSION}:<iv>:<tag>:<ciphertext>"`);
    }
    const [iv, tag, body] = parts.slice(1).map((part) => Buffer.from(part, "base64"));
    if (!iv || !tag || !body || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SecretDecryptionError("malformed secret: wrong IV or authentication tag length");
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
    } catch (error) {
      throw new SecretDecryptionError(
        `cannot decrypt a secret with the key from ${this.origin}: it was encrypted with a different ${SECRET_KEY_ENV} or has been tampered with`,
        { cause: error },
      );
    }
  }

  /** Identifies the key without revealing it, so instances can compare keys through the database. */
  get fingerprint(): string {
    return createHmac("sha256", this.#key).update(FINGERPRINT_LABEL).digest("hex");
  }

  /**
   * Records this key's fingerprint on first use and fails when the cluster
   * already recorded another one: an instance with a different key would
   * write secrets the others cannot read.
   */
  async assertKeyMatchesCluster(db: PlatformDatabase): Promise<void> {
    await db
      .insert(platformSettings)
      .values({ key: FINGERPRINT_SETTING, value: { hmacSha256: this.fingerprint } })
      .onConflictDoNothing({ target: platformSettings.key });
    const rows = await db.select({ value: platformSettings.value }).from(platformSettings).where(eq(platformSettings.key, FINGERPRINT_SETTING));
    const stored = storedFingerprintSchema.safeParse(rows[0]?.value);
    if (!stored.success) throw new SecretKeyMismatchError(`checkstack.settings "${FINGERPRINT_SETTING}" is missing or malformed`);
    if (stored.data.hmacSha256 !== this.fingerprint) {
      throw new SecretKeyMismatchError(
        `this instance's secrets key (from ${this.origin}) differs from the one the cluster recorded in checkstack.settings "${FINGERPRINT_SETTING}": ` +
          `the instances are using different ${SECRET_KEY_ENV} values. Give every instance the same ${SECRET_KEY_ENV}; ` +
          `secrets written with one key cannot be read with another.`,
      );
    }
  }
}

const storedFingerprintSchema = z.object({ hmacSha256: z.string().regex(/^[0-9a-f]{64}$/) });
