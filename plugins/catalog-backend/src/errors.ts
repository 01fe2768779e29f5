import { ORPCError } from "@orpc/server";

/**
 * Typed errors for the catalog. Each message is written for the person who
 * sent the request; the platform passes 4xx ORPCErrors through unchanged.
 */
export const badRequest = (message: string) => new ORPCError("BAD_REQUEST", { message });
export const notFound = (message: string) => new ORPCError("NOT_FOUND", { message });
export const conflict = (message: string) => new ORPCError("CONFLICT", { message });

const UNIQUE_VIOLATION = "23505";

/** The SQLSTATE of a pg error, looked for through drizzle's wrapping (DrizzleQueryError keeps the pg error as cause). */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code: unknown = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Names are unique case-insensitively. The unique index decides, not a
 * SELECT first: row-level security may hide the clashing row from the caller,
 * and two concurrent requests would both pass a check made in advance.
 */
export async function uniqueName<T>(what: "system" | "group", name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (sqlStateOf(error) === UNIQUE_VIOLATION) throw conflict(`A ${what} named "${name}" already exists`);
    throw error;
  }
}
