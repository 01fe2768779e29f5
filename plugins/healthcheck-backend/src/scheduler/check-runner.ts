import type { HealthCheckResult, HealthCheckStrategy, Logger } from "@checkstack/backend-api";
import { failedAssertions } from "../results/assertions";
import type { ClaimedRun, Lease } from "./claim";

/** One run's result, with the lease it ran under: the writer records it only if that lease is still current. */
export interface RunOutcome extends Lease {
  checkId: string;
  systemId: string;
  scheduledAt: Date;
  startedAt: Date;
  durationMs: number;
  healthy: boolean;
  message: string | null;
  metadata: Record<string, unknown>;
}

export interface RunnerDeps {
  strategy(id: string): HealthCheckStrategy | undefined;
  openConfig(sealed: unknown, checkId: string): unknown;
  logger: Logger;
}

/** Stored metadata stays small: long values (bodies) are cut, the parsed JSON is kept only when small. */
const MAX_STORED_VALUE = 1024;

/**
 * Keys that get more room, because a failed run cannot be explained without
 * them: the browser strategy's step timeline and its failure screenshot (a
 * PNG as a data: URL). They are kept whole or not at all: a cut image or a
 * cut timeline is worthless.
 */
export const LARGE_METADATA_LIMITS: Readonly<Record<string, number>> = {
  steps: 32 * 1024,
  screenshot: 2 * 1024 * 1024,
};

export function storableMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    if (text === undefined) continue;
    const largeLimit = LARGE_METADATA_LIMITS[key];
    if (largeLimit !== undefined) {
      if (text.length <= largeLimit) kept[key] = value;
      else kept[`${key}Omitted`] = `${text.length} characters, over the ${largeLimit} kept`;
    } else if (text.length <= MAX_STORED_VALUE) kept[key] = value;
    else if (typeof value === "string") kept[key] = `${value.slice(0, MAX_STORED_VALUE)}…`;
  }
  return kept;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one claimed check. The timeout aborts the strategy's work through its
 * AbortSignal; a strategy that ignores the signal is still judged at the
 * timeout, so no run outlasts its lease.
 */
export async function runCheck(claimed: ClaimedRun, deps: RunnerDeps): Promise<RunOutcome> {
  const startedAt = new Date();
  const started = performance.now();
  const finish = (healthy: boolean, message: string | null, metadata: Record<string, unknown> = {}): RunOutcome => ({
    checkId: claimed.checkId,
    systemId: claimed.systemId,
    scheduledAt: claimed.scheduledAt,
    leaseToken: claimed.leaseToken,
    claimedAt: claimed.claimedAt,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    healthy,
    message,
    metadata: storableMetadata(metadata),
  });
  const strategy = deps.strategy(claimed.strategyId);
  if (!strategy) return finish(false, `strategy "${claimed.strategyId}" is not installed`);

  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${claimed.timeoutMs} ms`));
      resolve("timeout");
    }, claimed.timeoutMs);
  });
  try {
    const config = deps.openConfig(claimed.sealedConfig, claimed.checkId);
    const execution = strategy.execute(config, {
      signal: controller.signal,
      timeoutMs: claimed.timeoutMs,
      logger: deps.logger,
      run: { checkId: claimed.checkId, systemId: claimed.systemId, scheduledAt: claimed.scheduledAt },
    });
    const outcome = await Promise.race([execution, timedOut]);
    if (outcome === "timeout") {
      execution.catch(() => undefined);
      return finish(false, `timed out after ${claimed.timeoutMs} ms`);
    }
    const result: HealthCheckResult = outcome ?? { healthy: true };
    const latencyMs = result.latencyMs ?? performance.now() - started;
    const metadata = result.metadata ?? {};
    if (!result.healthy) return finish(false, result.message ?? "check failed", metadata);
    const failures = failedAssertions(claimed.assertions, { latencyMs, metadata });
    return failures.length > 0 ? finish(false, failures.join("; "), metadata) : finish(true, result.message ?? null, metadata);
  } catch (error) {
    return finish(false, controller.signal.aborted ? `timed out after ${claimed.timeoutMs} ms` : errorMessage(error));
  } finally {
    clearTimeout(timer);
  }
}
