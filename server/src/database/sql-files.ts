import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Pool } from "pg";
import { withAdvisoryLock } from "./advisory-lock";
import { CURRENT_LOGIN } from "./database-statements";
import { rolesOfConnection } from "./deployment-roles";

export const SQL_FOLDER = fileURLToPath(new URL("../../../sql", import.meta.url));

export type SqlRoleVariables = Record<"app_role" | "auditor_role" | "owner_role", string>;

/**
 * The deployment's role names in a file's text, written as psql variables:
 * :"app_role" becomes the quoted identifier, :'app_role' the string literal.
 * Roles are named per database (deployment-roles.ts), so the files cannot
 * spell them out.
 */
export function substituteRoles(text: string, roles: SqlRoleVariables): string {
  return text.replace(/:(["'])(app_role|auditor_role|owner_role)\1/g, (_match, quote: string, name: keyof SqlRoleVariables) =>
    quote === '"' ? `"${roles[name].replaceAll('"', '""')}"` : `'${roles[name].replaceAll("'", "''")}'`,
  );
}

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
    const deployment = await rolesOfConnection(client);
    const { rows } = await client.query<{ login: string }>(CURRENT_LOGIN);
    const roles = { app_role: deployment.app, auditor_role: deployment.auditor, owner_role: rows[0]?.login ?? deployment.owner };
    await client.query("BEGIN");
    try {
      for (const file of files) await client.query(substituteRoles(readFileSync(join(folder, file), "utf8"), roles));
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
    return files;
  });
}
