import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { secret, type SecretService } from "@checkstack/backend-api";
import type { StatuspageDatabase } from "../database";
import { tokenKeys } from "../schema";

/** What a token allows: confirming a sign-up or ending a subscription. */
export type TokenPurpose = "confirm" | "unsubscribe";

const KEY_SCHEMA = z.object({ key: secret(z.string()) });
const KEY_CONTEXT = "statuspage:subscriber-token-key";
const KEY_ROW = 1;

/**
 * The cluster's token key: made once by whichever instance asks first (the insert's conflict decides,
 * so every instance ends up with the same key), stored sealed with the cluster's secret key.
 */
export class TokenKey {
  private key: Promise<Buffer> | undefined;

  constructor(
    private readonly database: StatuspageDatabase,
    private readonly secrets: SecretService,
  ) {}

  get(): Promise<Buffer> {
    this.key ??= this.load().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async load(): Promise<Buffer> {
    const fresh = this.secrets.seal(KEY_SCHEMA, { key: randomBytes(32).toString("base64") }, KEY_CONTEXT);
    await this.database.insert(tokenKeys).values({ id: KEY_ROW, sealed: fresh }).onConflictDoNothing();
    const [row] = await this.database.select().from(tokenKeys).where(eq(tokenKeys.id, KEY_ROW));
    if (!row) throw new Error("the subscriber token key could not be stored");
    return Buffer.from(KEY_SCHEMA.parse(this.secrets.open(row.sealed, KEY_CONTEXT)).key, "base64");
  }
}

const mac = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest("base64url");

/** "<subscriberId>.<hmac>" where the HMAC covers the purpose, the subscriber and its nonce. */
export function signToken(key: Buffer, purpose: TokenPurpose, subscriberId: string, nonce: string): string {
  return `${subscriberId}.${mac(key, `${purpose}.${subscriberId}.${nonce}`)}`;
}

/** The subscriber id a token names, before its signature is checked (the nonce must be looked up first). */
export function tokenSubject(token: string): string | null {
  const match = /^([0-9a-f-]{36})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return match?.[1] ?? null;
}

/** Whether the token was signed for this purpose, subscriber and nonce (compared in constant time). */
export function tokenHolds(key: Buffer, token: string, purpose: TokenPurpose, subscriberId: string, nonce: string): boolean {
  const given = Buffer.from(token);
  const expected = Buffer.from(signToken(key, purpose, subscriberId, nonce));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const newNonce = () => randomBytes(16).toString("base64url");
