/**
 * Helpers for health-check strategy plugins (healthcheck-*-backend): a run's
 * deadline and timing, and config schemas for hosts and ports. They belong to
 * the health-check feature, not to the platform SDK, so they live here and are
 * imported as `@checkstack/healthcheck-common/strategy-kit`.
 */
export * from "./network-schemas";
export * from "./strategy-run";
export * from "./query-result";
