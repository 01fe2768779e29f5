import type { Pool, PoolClient } from "pg";
import { ADVISORY_LOCK, ADVISORY_UNLOCK } from "./database-statements";

/** Namespace for the platform's advisory locks (first key of the two-key form). */
const LOCK_NAMESPACE = 0x43_4b_53; // "CKS"

/**
 * Runs `work` on one dedicated connection while holding a cluster-wide
 * advisory lock named `name`: instances booting together take turns.
 */
export async function withAdvisoryLock<T>(pool: Pool, name: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(ADVISORY_LOCK, [LOCK_NAMESPACE, name]);
    try {
      return await work(client);
    } finally {
      await client.query(ADVISORY_UNLOCK, [LOCK_NAMESPACE, name]).catch(() => {
        broken = true;
      });
    }
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    // A connection in an unknown state must not go back to the pool still holding the lock.
    client.release(broken);
  }
}
