import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Pool } from "pg";
import { withAdvisoryLock } from "./advisory-lock";

export const SQL_FOLDER = fileURLToPath(new URL("../../../sql", import.meta.url));

/**
 * Applies the hand-written, idempotent SQL in sql/ (roles, access functions,
 * policies, triggers) in file-name order, in one transaction, after the
 * migrations. Every boot re-applies it, so a changed function takes effect.
 */
export async function applySqlFiles(pool: Pool, folder: string = SQL_FOLDER): Promise<string[]> {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith(".sql"))
    .sort();
  return withAdvisoryLock(pool, "sql-files", async (client) => {
    await client.query("BEGIN");
    try {
      for (const file of files) await client.query(readFileSync(join(folder, file), "utf8"));
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
    return files;
  });
}
