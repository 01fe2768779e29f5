import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";

/*
 * Each platform room keeps its SQL in one statements module beside it
 * (hooks/hook-statements.ts, plugin-management/plugin-statements.ts, ...), and
 * checkstack.plugins has one owner (plugin-records.ts). This test finds SQL
 * written inline anywhere else under server/src, so a new statement goes to
 * its room's file instead of spreading again. Files are matched by name, not
 * folder, so moving a room does not break the check.
 */

const SERVER_SRC = join(import.meta.dir, "..", "server", "src");

/** A string literal (or drizzle sql`` template) that starts with a data statement, on its first line or the next. */
const INLINE_SQL = /["'`]\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w|DELETE\s+FROM\s|WITH\s+\w+\s+AS\s)/g;

/** Where SQL is allowed outside a *-statements.ts file, and why. */
const ALLOWED = new Map<string, string>([
  ["plugin-records.ts", "the one owner of checkstack.plugins and plugin_removals"],
  ["deployment-setup.ts", "the one-time deployment setup: DDL and a DO block built from escaped names"],
  ["scope-settings.ts", "the statements a request scope begins with, composed per scope"],
  ["listen-connection.ts", "a liveness probe (SELECT 1) on the LISTEN connection"],
  ["platform-readiness.ts", "the readiness probe (SELECT 1)"],
  ["wake-channel.ts", "the NOTIFY of the wake channel, shared plumbing of hooks and queue"],
  ["backend-tests.ts", "the scaffold's template of a generated plugin's tests"],
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("SQL has a home in each room", () => {
  test("no inline SQL statements outside the rooms' *-statements.ts files", () => {
    const offenders = sourceFiles(SERVER_SRC)
      .filter((path) => !basename(path).endsWith("-statements.ts") && !ALLOWED.has(basename(path)))
      .flatMap((path) => {
        const text = readFileSync(path, "utf8");
        return [...text.matchAll(INLINE_SQL)].map((match) => `${relative(SERVER_SRC, path)}:${text.slice(0, match.index).split("\n").length}`);
      });
    expect(offenders).toEqual([]);
  });
});
