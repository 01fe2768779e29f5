import type { Pool } from "pg";
import { epochCheckStatement } from "../database/scope-settings";
import { CURRENT_ACCESS_EPOCH } from "./access-statements";

/** Where the cluster's access epoch (sql/025_access_epoch.sql) stands now. */
export async function currentAccessEpoch(pool: Pool): Promise<number> {
  const result = await pool.query<{ epoch: string }>(CURRENT_ACCESS_EPOCH);
  return Number(result.rows[0]?.epoch);
}

/** Resolves if the epoch still reads `epoch`; rejects with SQLSTATE CK001 (isStaleAccess) if it has moved. */
export async function confirmAccessEpoch(pool: Pool, epoch: number): Promise<void> {
  const check = epochCheckStatement(epoch);
  await pool.query(check.text, [...(check.values ?? [])]);
}
