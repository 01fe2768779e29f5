import { RateLimitedError, UnauthorizedError } from "@checkstack/backend-api";

/** One message for unknown email, wrong password: the caller must not learn which. */
export const invalidCredentials = () => new UnauthorizedError("Invalid email or password");

export const tooManyAttempts = (retryAfterSeconds: number) =>
  new RateLimitedError(`Too many failed sign-in attempts; try again in ${formatWait(retryAfterSeconds)}`, retryAfterSeconds);

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
