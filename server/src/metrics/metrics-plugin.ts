import { coreServices, createBackendPlugin, ForbiddenError, UnauthorizedError, type BackendPlugin, type Logger } from "@checkstack/backend-api";
import type { AccessRule } from "@checkstack/common";
import type { PlatformMetrics } from "./platform-metrics";

export const METRICS_PLUGIN_ID = "metrics";

/** Granted to the anonymous role by an admin who wants /metrics public; held by admins and by keys given it. */
export const metricsAccessRules: AccessRule[] = [{ id: "read", description: "Scrape the Prometheus metrics at /metrics" }];

/**
 * The platform's own "metrics" plugin: it owns the `metrics.read` rule and serves GET /metrics through the
 * same route service and access decision as any plugin.
 */
export function createMetricsPlugin(deps: { metrics: PlatformMetrics; logger: Logger }): BackendPlugin {
  return createBackendPlugin({
    metadata: { pluginId: METRICS_PLUGIN_ID, displayName: "Metrics", description: "Prometheus metrics of the cluster and of each instance" },
    register(env) {
      env.registerAccessRules(metricsAccessRules);
      env.registerInit({
        deps: { http: coreServices.http },
        init: async ({ http }) =>
          http.registerRoute({
            method: "GET",
            path: "/metrics",
            handler: async ({ principal, mayUse }) => {
              if (!(await mayUse(["read"]))) {
                if ((await principal()).type === "anonymous") throw new UnauthorizedError("/metrics needs an API key or a session holding metrics.read");
                throw new ForbiddenError("this caller lacks the metrics.read rule");
              }
              const body = await deps.metrics.render((pluginId, error) => deps.logger.warn("a metrics collector failed; its gauges are left out", { pluginId, error }));
              return new Response(body, { headers: { "content-type": deps.metrics.contentType, "cache-control": "no-store" } });
            },
          }),
      });
    },
  });
}
