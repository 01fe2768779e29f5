export interface WaitForOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 50 ms). */
  intervalMs?: number;
  /** What is awaited, for the timeout's message. */
  description?: string;
}

/**
 * Polls `condition` until it returns a truthy value and resolves with that
 * value; rejects after `timeoutMs` naming what was awaited. Tests wait for
 * conditions rather than sleeping fixed times: a loaded machine only makes
 * them slower, never wrong. A condition that throws counts as "not yet"; the
 * last error is quoted if the wait times out.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitForOptions = {}): Promise<NonNullable<T>> {
  const { timeoutMs = 10_000, intervalMs = 50, description = "a condition" } = options;
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) {
      const cause = lastError === undefined ? "" : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${cause}`);
    }
    await Bun.sleep(intervalMs);
  }
}

/**
 * Reads `probe` until `done` accepts its value and returns that value; the
 * timeout's message quotes the last value read, which is what a failing test
 * needs to show.
 */
export async function waitUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await Bun.sleep(100);
    value = await probe();
  }
  return value;
}
