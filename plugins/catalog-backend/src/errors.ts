import { ORPCError } from "@orpc/server";
import { sqlStateOf, UNIQUE_VIOLATION } from "@checkstack/backend-api";

export { sqlStateOf };

/**
 * Typed errors for the catalog. Each message is written for the person who
 * sent the request; the platform passes 4xx ORPCErrors through unchanged.
 */
export const badRequest = (message: string) => new ORPCError("BAD_REQUEST", { message });
export const notFound = (message: string) => new ORPCError("NOT_FOUND", { message });
export const conflict = (message: string) => new ORPCError("CONFLICT", { message });



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
