import { ORPCError } from "@orpc/server";

export const notFound = (message: string) => new ORPCError("NOT_FOUND", { message });
export const conflict = (message: string) => new ORPCError("CONFLICT", { message });
export const forbidden = (message: string) => new ORPCError("FORBIDDEN", { message });

/** One message for unknown email, wrong password: the caller must not learn which. */
export const invalidCredentials = () => new ORPCError("UNAUTHORIZED", { message: "Invalid email or password" });

export const tooManyAttempts = (retryAfterSeconds: number) =>
  new ORPCError("TOO_MANY_REQUESTS", {
    message: `Too many failed sign-in attempts; try again in ${formatWait(retryAfterSeconds)}`,
    data: { retryAfterSeconds },
  });

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** Postgres unique violations, seen through drizzle's error wrapping. */
export function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    if ((current as { code?: unknown }).code === "23505") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export const badRequest = (message: string) => new ORPCError("BAD_REQUEST", { message });
