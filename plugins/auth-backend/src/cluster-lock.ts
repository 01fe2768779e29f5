import { sql } from "drizzle-orm";
import type { AuthDatabase } from "./database";

/**
 * Runs `work` while holding a transaction-scoped advisory lock, so instances
 * starting together do one-time setup one after another; the lock is released
 * with the transaction, even if the process dies.
 */
export async function withClusterLock<T>(database: AuthDatabase, name: string, work: (tx: Parameters<Parameters<AuthDatabase["transaction"]>[0]>[0]) => Promise<T>): Promise<T> {
  return database.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('checkstack.auth'), hashtext(${name}))`);
    return work(tx);
  });
}
