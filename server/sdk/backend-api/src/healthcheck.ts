import { createExtensionPoint } from "./extension-point";

export interface HealthCheckResult {
  healthy: boolean;
  latencyMs?: number;
  message?: string;
  metadata?: Record<string, unknown>;
}

/** A way of checking a system (HTTP, TCP, DNS, ...), registered by strategy plugins. */
export interface HealthCheckStrategy {
  id: string;
  displayName: string;
  /** Resolves when the check passed (optionally with details); rejects or reports unhealthy when it failed. */
  execute: (config: unknown, options?: { signal?: AbortSignal }) => Promise<HealthCheckResult | void>;
}

export const healthCheckExtensionPoint = createExtensionPoint<HealthCheckStrategy>("healthcheck.strategy", {
  ownerPluginId: "healthcheck",
});
