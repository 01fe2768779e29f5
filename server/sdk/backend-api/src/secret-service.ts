import type { z } from "zod";

/**
 * Encrypts the secret() fields of plugin data (a check's password, a
 * webhook's token) with the cluster's key, for plugins that store such data
 * in their own tables. `context` binds a ciphertext to where it is stored
 * (e.g. "check:<id>"): moved elsewhere, it no longer decrypts.
 */
export interface SecretService {
  /** The value with every secret field replaced by an encrypted envelope. */
  seal(schema: z.ZodType, value: unknown, context: string): unknown;
  /** The sealed value with its envelopes decrypted. */
  open(value: unknown, context: string): unknown;
  /** The (plain or sealed) value with every secret field shown as "********". */
  redact(schema: z.ZodType, value: unknown): unknown;
}
