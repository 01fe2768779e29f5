/** SQLSTATE codes plugins turn into typed errors (a duplicate name is a CONFLICT, not a 500). */
export const UNIQUE_VIOLATION = "23505";
/** SQLSTATE of a foreign-key violation (a reference to a row that does not exist). */
export const FOREIGN_KEY_VIOLATION = "23503";

/** The SQLSTATE of a pg error, looked for through drizzle's wrapping (DrizzleQueryError keeps the pg error as its cause). */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code: unknown = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
