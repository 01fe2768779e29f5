import { ORPCError } from "@orpc/server";
import { FOREIGN_KEY_VIOLATION, sqlStateOf, UNIQUE_VIOLATION } from "@checkstack/backend-api";
import type { z } from "zod";

/**
 * Typed errors for access administration. Callers (the auth plugin's
 * procedures) pass them through unchanged, so every message here is written
 * for the person who sent the request.
 */
export const badRequest = (message: string) => new ORPCError("BAD_REQUEST", { message });
export const notFound = (message: string) => new ORPCError("NOT_FOUND", { message });
export const conflict = (message: string) => new ORPCError("CONFLICT", { message });
/** Refused for lack of authority; `data.missing` lists what the caller would need. */
export const forbidden = (message: string, data?: { missing: string[] }) => new ORPCError("FORBIDDEN", { message, ...(data ? { data } : {}) });

/** Parses with zod; a failure is the caller's fault (400), never a 500. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message));
  throw badRequest(`Invalid ${what}: ${issues.join("; ")}`);
}


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
    if (state === UNIQUE_VIOLATION && messages.unique) throw conflict(messages.unique);
    if (state === FOREIGN_KEY_VIOLATION && messages.foreignKey) throw conflict(messages.foreignKey);
    throw error;
  }
}
