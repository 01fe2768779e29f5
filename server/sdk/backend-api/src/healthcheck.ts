import type { z } from "zod";
import { createExtensionPoint } from "./extension-point";
import type { Logger } from "./logger";

/**
 * What one run of a check observed. `metadata` carries what assertions can be
 * written against (HTTP: statusCode, body, headers, json; TLS:
 * daysUntilExpiry, chainValid; DNS: records; Postgres: rows, ...).
 */
export interface HealthCheckResult {
  healthy: boolean;
  latencyMs?: number;
  message?: string;
  metadata?: Record<string, unknown>;
}

/** What the health-check plugin passes to a strategy's execute for one run. */
export interface HealthCheckRunContext {
  /** Aborted at the check's timeout: strategies must stop their work (close sockets), not just stop waiting. */
  signal: AbortSignal;
  timeoutMs: number;
  logger?: Logger;
  /**
   * The (check, system) pair being run, for strategies whose verdict depends on state kept per check
   * (a heartbeat's last ping) rather than on a probe; absent when a strategy is run outside the scheduler.
   */
  run?: { checkId: string; systemId: string; scheduledAt: Date };
}

/**
 * A way of checking a system (HTTP, TCP, DNS, TLS, PostgreSQL, ...),
 * registered by a strategy plugin through healthCheckExtensionPoint.
 * Resolving without a result means healthy; throwing means unhealthy with the
 * error's message.
 */
export interface HealthCheckStrategy<C = unknown> {
  id: string;
  displayName: string;
  description?: string;
  /** Validates a check's config before it is stored and before each run; fields marked secret() are encrypted at rest. */
  configSchema?: z.ZodType<C>;
  execute: (config: C, context?: HealthCheckRunContext) => Promise<HealthCheckResult | void>;
}

/**
 * Where strategy plugins register HealthCheckStrategy implementations; owned by the health-check plugin,
 * which runs them. Helpers for strategies: @checkstack/healthcheck-common/strategy-kit.
 */
export const healthCheckExtensionPoint = createExtensionPoint<HealthCheckStrategy>("healthcheck.strategy", {
  ownerPluginId: "healthcheck",
});

/**
 * A strategy whose execute receives its config already parsed by its schema
 * (and typed by it), in the erased form the extension point holds.
 */
export function defineHealthCheckStrategy<S extends z.ZodType>(strategy: {
  id: string;
  displayName: string;
  description?: string;
  configSchema: S;
  execute: (config: z.output<S>, context?: HealthCheckRunContext) => Promise<HealthCheckResult | void>;
}): HealthCheckStrategy {
  return {
    id: strategy.id,
    displayName: strategy.displayName,
    ...(strategy.description ? { description: strategy.description } : {}),
    configSchema: strategy.configSchema,
    execute: (config, context) => strategy.execute(strategy.configSchema.parse(config), context),
  };
}
