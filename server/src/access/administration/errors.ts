import { ConflictError, FOREIGN_KEY_VIOLATION, sqlStateOf, UNIQUE_VIOLATION } from "@checkstack/backend-api";

/**
 * Checks run before each write, but a concurrent request can still delete a
 * role or team in between: the constraint then reports it, and the caller
 * gets a 409 instead of a 500.
 */
export async function mapConstraintErrors<T>(work: () => Promise<T>, messages: { unique?: string; foreignKey?: string }): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const state = sqlStateOf(error);
    if (state === UNIQUE_VIOLATION && messages.unique) throw new ConflictError(messages.unique);
    if (state === FOREIGN_KEY_VIOLATION && messages.foreignKey) throw new ConflictError(messages.foreignKey);
    throw error;
  }
}
