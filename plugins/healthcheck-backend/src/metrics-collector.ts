import { sql } from "drizzle-orm";
import type { ClusterMetricsCollector, MetricSample, SafeDatabase } from "@checkstack/backend-api";
import { HealthStatusSchema } from "@checkstack/healthcheck-common";
import * as schema from "./schema";

interface PairRow extends Record<string, unknown> {
  check_id: string;
  check_name: string;
  system_id: string;
  healthy: boolean | null;
  last_duration_ms: number | null;
  days_left: number | null;
  runs_1d: number;
  failures_1d: number;
  runs_7d: number;
  failures_7d: number;
  runs_30d: number;
  failures_30d: number;
}

const DAY = 86_400;

/**
 * One statement for every enabled (check, system) pair: the latest run (one index probe per pair, never a
 * scan of the history), and run counts from the rollups (hourly for a day, daily for 7 and 30 days).
 */
function pairQuery() {
  const { checks, checkSystems, runs, rollupsHourly, rollupsDaily } = schema;
  return sql<PairRow>`
    WITH pairs AS (
      SELECT cs.check_id, c.name AS check_name, cs.system_id
        FROM ${checkSystems} cs JOIN ${checks} c ON c.id = cs.check_id WHERE c.enabled),
    hourly AS (
      SELECT check_id, system_id, sum(count)::int AS runs, sum(failures)::int AS failures
        FROM ${rollupsHourly} WHERE bucket >= now() - interval '24 hours' GROUP BY 1, 2),
    daily AS (
      SELECT check_id, system_id,
             sum(count) FILTER (WHERE bucket >= now() - interval '7 days')::int AS runs_7d,
             sum(failures) FILTER (WHERE bucket >= now() - interval '7 days')::int AS failures_7d,
             sum(count)::int AS runs_30d, sum(failures)::int AS failures_30d
        FROM ${rollupsDaily} WHERE bucket >= now() - interval '30 days' GROUP BY 1, 2)
    SELECT p.check_id, p.check_name, p.system_id, last.healthy, last.duration_ms AS last_duration_ms,
           (last.metadata ->> 'daysUntilExpiry')::float8 AS days_left,
           coalesce(h.runs, 0) AS runs_1d, coalesce(h.failures, 0) AS failures_1d,
           coalesce(d.runs_7d, 0) AS runs_7d, coalesce(d.failures_7d, 0) AS failures_7d,
           coalesce(d.runs_30d, 0) AS runs_30d, coalesce(d.failures_30d, 0) AS failures_30d
      FROM pairs p
      LEFT JOIN LATERAL (
        SELECT r.healthy, r.duration_ms, r.metadata FROM ${runs} r
         WHERE r.check_id = p.check_id AND r.system_id = p.system_id ORDER BY r.started_at DESC LIMIT 1) last ON true
      LEFT JOIN hourly h ON h.check_id = p.check_id AND h.system_id = p.system_id
      LEFT JOIN daily d ON d.check_id = p.check_id AND d.system_id = p.system_id`;
}

function uptimeSamples(labels: Record<string, string>, row: PairRow): MetricSample[] {
  const windows: Array<[string, number, number]> = [
    ["1d", row.runs_1d, row.failures_1d],
    ["7d", row.runs_7d, row.failures_7d],
    ["30d", row.runs_30d, row.failures_30d],
  ];
  // A window without runs has no ratio: leaving it out is truer than claiming 0 or 1.
  return windows.filter(([, runs]) => runs > 0).map(([window, runs, failures]) => ({ labels: { ...labels, window }, value: (runs - failures) / runs }));
}

/** The health-check plugin's cluster-wide gauges: the same numbers from every instance. */
export function healthcheckMetricsCollector(database: SafeDatabase<typeof schema>): ClusterMetricsCollector {
  const pairLabels = ["check_id", "check", "system_id"];
  return {
    gauges: [
      { name: "checkstack_system_status", help: "1 for the system's current status, 0 for the others", labelNames: ["system_id", "status"] },
      { name: "checkstack_check_up", help: "Whether the latest run of the check on the system succeeded (1) or failed (0)", labelNames: pairLabels },
      { name: "checkstack_check_latency_seconds", help: "Duration of the latest run of the check on the system", labelNames: pairLabels },
      { name: "checkstack_check_runs", help: "Runs of the check on the system in the window, by result (from the rollups)", labelNames: [...pairLabels, "window", "result"] },
      { name: "checkstack_check_uptime_ratio", help: "Share of successful runs in the window (from the rollups)", labelNames: [...pairLabels, "window"] },
      { name: "checkstack_check_certificate_expiry_seconds", help: "Time until the certificate seen by the latest run expires", labelNames: pairLabels },
    ],
    collect: async () => {
      const [statuses, pairs] = await Promise.all([
        database.select({ systemId: schema.systemStatus.systemId, status: schema.systemStatus.status }).from(schema.systemStatus),
        database.execute<PairRow>(pairQuery()),
      ]);
      const up: MetricSample[] = [];
      const latency: MetricSample[] = [];
      const runCounts: MetricSample[] = [];
      const uptime: MetricSample[] = [];
      const expiry: MetricSample[] = [];
      for (const row of pairs.rows) {
        const labels = { check_id: row.check_id, check: row.check_name, system_id: row.system_id };
        if (row.healthy !== null) up.push({ labels, value: row.healthy ? 1 : 0 });
        if (row.last_duration_ms !== null) latency.push({ labels, value: row.last_duration_ms / 1000 });
        if (row.days_left !== null) expiry.push({ labels, value: row.days_left * DAY });
        runCounts.push(
          { labels: { ...labels, window: "1d", result: "success" }, value: row.runs_1d - row.failures_1d },
          { labels: { ...labels, window: "1d", result: "failure" }, value: row.failures_1d },
        );
        uptime.push(...uptimeSamples(labels, row));
      }
      return {
        checkstack_system_status: statuses.flatMap(({ systemId, status }) =>
          HealthStatusSchema.options.map((state) => ({ labels: { system_id: systemId, status: state }, value: state === status ? 1 : 0 })),
        ),
        checkstack_check_up: up,
        checkstack_check_latency_seconds: latency,
        checkstack_check_runs: runCounts,
        checkstack_check_uptime_ratio: uptime,
        checkstack_check_certificate_expiry_seconds: expiry,
      };
    },
  };
}
