import { AsyncLocalStorage } from "node:async_hooks";

/** Runs work outside the calling request's database transaction. */
export type OutsideRequest = <T>(work: () => PromiseLike<T>) => Promise<T>;

/**
 * A request's queries join its transaction, and a procedure that throws rolls
 * it back. Login failures must be counted exactly when the procedure throws
 * (a wrong password is a 401), so the counter is written from the async
 * context captured here, at plugin init, where no request scope exists: the
 * plugin database then runs each statement in a transaction of its own, as
 * the plugin's service principal. Call this only at init.
 */
export function captureOutsideRequest(): OutsideRequest {
  const initContext = AsyncLocalStorage.snapshot();
  // Awaited inside: drizzle queries are lazy thenables that run when .then() is called, and that
  // call must happen in the captured context, not in the caller's.
  return (work) => initContext(async () => await work());
}

/** For code without request scopes (unit tests): runs work as it is. */
export const inline: OutsideRequest = async (work) => await work();
