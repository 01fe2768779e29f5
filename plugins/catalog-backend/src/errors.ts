import { ConflictError, sqlStateOf, UNIQUE_VIOLATION } from "@checkstack/backend-api";

/**
 * Names are unique case-insensitively. The unique index decides, not a
 * SELECT first: row-level security may hide the clashing row from the caller,
 * and two concurrent requests would both pass a check made in advance.
 */
export async function uniqueName<T>(what: "system" | "group", name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (sqlStateOf(error) === UNIQUE_VIOLATION) throw new ConflictError(`A ${what} named "${name}" already exists`);
    throw error;
  }
}
