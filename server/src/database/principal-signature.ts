import { createHash } from "node:crypto";
import type { Pool } from "pg";
import { sqlStateOf } from "@checkstack/backend-api";
import { SIGNING_KEY } from "./database-statements";

/**
 * The key each unit of work's principal is signed with, read once per pool
 * from checkstack.principal_signing_key (owner-only; see
 * sql/015_principal_signature.sql). Undefined for a database without the
 * platform's tables, where nothing checks a signature.
 */
const keys = new WeakMap<Pool, Promise<Buffer | undefined>>();

const UNDEFINED_TABLE = "42P01";

export function signingKeyOf(pool: Pool): Promise<Buffer | undefined> {
  let key = keys.get(pool);
  if (!key) {
    key = pool.query<{ key: Buffer }>(SIGNING_KEY).then(
      (result) => result.rows[0]?.key,
      (error: unknown) => {
        keys.delete(pool);
        if (sqlStateOf(error) === UNDEFINED_TABLE) return undefined;
        throw error;
      },
    );
    keys.set(pool, key);
  }
  return key;
}

/** sha256(key || sha256(key || principal "\n" label)) in hex: what checkstack.principal_signature_holds() recomputes. */
export function signPrincipal(key: Buffer | undefined, principal: string, label: string): string {
  if (!key) return "";
  const inner = createHash("sha256").update(key).update(`${principal}\n${label}`, "utf8").digest();
  return createHash("sha256").update(key).update(inner).digest("hex");
}
