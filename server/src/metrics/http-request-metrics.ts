import type { MetricsService } from "@checkstack/backend-api";

/** Buckets from 5 ms to 10 s: procedures are fast reads, a few are slow writes. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The plugin and procedure a request was for, bounded so that no client can mint label values: a path
 * nobody serves (404) is "unmatched" whatever it said.
 */
export function requestLabels(pathname: string, status: number): { plugin: string; procedure: string } {
  if (status === 404) return { plugin: "none", procedure: "unmatched" };
  const parts = pathname.split("/").filter(Boolean);
  if (parts[0] !== "api") return { plugin: "platform", procedure: parts[0] === "healthz" || parts[0] === "readyz" || parts[0] === "metrics" ? parts[0] : "page" };
  if (parts[1] === "v1") return { plugin: parts[2] ?? "none", procedure: "rest" };
  return { plugin: parts[1] ?? "none", procedure: parts.slice(2).join(".") || "none" };
}

/** Records each answered request's duration by plugin, procedure and status class. */
export function httpRequestRecorder(service: MetricsService): (pathname: string, status: number, seconds: number) => void {
  const histogram = service.histogram({
    name: "checkstack_http_request_duration_seconds",
    help: "Time to answer HTTP requests, by plugin, procedure and status class",
    labelNames: ["plugin", "procedure", "status"],
    buckets: BUCKETS,
  });
  return (pathname, status, seconds) => histogram.observe({ ...requestLabels(pathname, status), status: `${Math.floor(status / 100)}xx` }, seconds);
}
