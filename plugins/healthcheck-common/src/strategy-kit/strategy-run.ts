import type { HealthCheckResult, HealthCheckRunContext } from "@checkstack/backend-api";

/**
 * Helpers for strategy implementations: one run's deadline and timing.
 */

/** Used only when a caller runs the strategy without a context (the platform always passes one). */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface StrategyRun {
  /** Aborts at the context's signal or at timeoutMs, whichever comes first. */
  signal: AbortSignal;
  timeoutMs: number;
  startedAt: number;
}

/**
 * Our own timer backs up the caller's signal: the contract says the signal is
 * aborted at the timeout, but a check must never outlive timeoutMs even if a
 * caller passes a signal that never fires.
 */
export function startStrategyRun(context: HealthCheckRunContext | undefined): StrategyRun {
  const timeoutMs = context?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = AbortSignal.timeout(timeoutMs);
  const signal = context ? AbortSignal.any([context.signal, timer]) : timer;
  return { signal, timeoutMs, startedAt: performance.now() };
}

/** Milliseconds since the run started, to 0.01 ms: local checks finish well under 1 ms. */
export function elapsedMs(run: StrategyRun): number {
  return Math.round((performance.now() - run.startedAt) * 100) / 100;
}

export function timedOutResult(run: StrategyRun, metadata?: Record<string, unknown>): HealthCheckResult {
  return {
    healthy: false,
    latencyMs: elapsedMs(run),
    message: `timed out after ${run.timeoutMs} ms`,
    ...(metadata ? { metadata } : {}),
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Waits for `work` but rejects at the abort: clients may never answer for a destroyed connection
 * (mysql2, ioredis, ssh2), and a run must end at its deadline whatever they do. A rejection of
 * `work` after the abort is swallowed, not left unhandled.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(new Error("aborted"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
