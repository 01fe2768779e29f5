import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { secret, type SecretService } from "@checkstack/backend-api";
import { z } from "zod";
import type { NotificationDatabase } from "./database";
import { linkKeys } from "./schema";

/** Where a message's acknowledge link points (a plain route: /api/<plugin>/… belongs to procedures). */
export const ACK_PATH_PREFIX = "/alerting/ack";
/** A link acknowledges for a week; an alert still open then has had its reminders. */
export const ACK_LINK_TTL_SECONDS = 7 * 24 * 3600;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type AckVerdict = { ok: true; alertId: string } | { ok: false; reason: "malformed" | "forged" | "expired" };

/**
 * Signs and checks acknowledge tokens: "<alert id>.<expiry, unix seconds>.<base64url HMAC-SHA256 of
 * 'ack.<alert id>.<expiry>'>", keyed with the cluster's link key. The expiry is inside the MAC, so
 * it cannot be extended; comparison is constant-time.
 */
export class AckLinkSigner {
  constructor(private readonly key: Buffer) {}

  private mac(alertId: string, expires: number): Buffer {
    return createHmac("sha256", this.key).update(`ack.${alertId}.${expires}`).digest();
  }

  token(alertId: string, nowMs = Date.now()): string {
    const expires = Math.floor(nowMs / 1000) + ACK_LINK_TTL_SECONDS;
    return `${alertId}.${expires}.${this.mac(alertId, expires).toString("base64url")}`;
  }

  /** The link for an alert, or null without a public URL to put in front of it. */
  link(publicUrl: string | null, alertId: string, nowMs = Date.now()): string | null {
    if (!publicUrl) return null;
    return `${publicUrl.replace(/\/+$/, "")}${ACK_PATH_PREFIX}/${this.token(alertId, nowMs)}`;
  }

  verify(token: string, nowMs = Date.now()): AckVerdict {
    const [alertId, expiresText, macText, ...rest] = token.split(".");
    if (!alertId || !expiresText || !macText || rest.length > 0 || !UUID.test(alertId) || !/^\d{1,12}$/.test(expiresText)) return { ok: false, reason: "malformed" };
    const expires = Number(expiresText);
    const given = Buffer.from(macText, "base64url");
    const expected = this.mac(alertId, expires);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "forged" };
    if (expires * 1000 < nowMs) return { ok: false, reason: "expired" };
    return { ok: true, alertId };
  }
}

const KeySchema = z.object({ key: secret(z.string()) });

/**
 * The cluster's one link key: the first instance to start writes a random one (sealed with the
 * platform's secret key); every instance reads the stored one, so links verify anywhere.
 */
export async function loadAckLinkSigner(database: NotificationDatabase, secrets: SecretService): Promise<AckLinkSigner> {
  const fresh = secrets.seal(KeySchema, { key: randomBytes(32).toString("base64") }, "link-key:ack");
  await database.insert(linkKeys).values({ id: "ack", sealed: fresh }).onConflictDoNothing();
  const [row] = await database.select().from(linkKeys).where(eq(linkKeys.id, "ack"));
  if (!row) throw new Error("the acknowledge link key was not stored");
  const { key } = KeySchema.parse(secrets.open(row.sealed, "link-key:ack"));
  return new AckLinkSigner(Buffer.from(key, "base64"));
}
