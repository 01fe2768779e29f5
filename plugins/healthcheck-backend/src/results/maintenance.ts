import { sql } from "drizzle-orm";
import type { Retention } from "@checkstack/healthcheck-common";
import type { HealthcheckDatabase } from "../scheduler/claim";
import { rollupsDaily, rollupsHourly, runs } from "../schema";

/**
 * Recomputes the recent hourly and daily buckets from the raw runs. Buckets
 * are recomputed whole, never incremented, so concurrent or repeated runs of
 * this job cannot lose or double-count anything: the last writer writes the
 * same totals over a superset of the same runs.
 */
export async function refreshRollups(database: HealthcheckDatabase): Promise<void> {
  const rollup = (table: typeof rollupsHourly | typeof rollupsDaily, unit: "hour" | "day", lookback: string) => sql`
    INSERT INTO ${table} (check_id, system_id, bucket, count, failures, latency_p50, latency_p95, latency_max)
    SELECT ${runs.checkId}, ${runs.systemId}, date_trunc(${unit}, ${runs.startedAt}), count(*)::int,
           (count(*) FILTER (WHERE NOT ${runs.healthy}))::int,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ${runs.durationMs}),
           percentile_cont(0.95) WITHIN GROUP (ORDER BY ${runs.durationMs}),
           max(${runs.durationMs})
      FROM ${runs}
     WHERE ${runs.startedAt} >= date_trunc(${unit}, now()) - ${lookback}::interval
     GROUP BY 1, 2, 3
    ON CONFLICT (check_id, system_id, bucket) DO UPDATE SET
      count = excluded.count, failures = excluded.failures, latency_p50 = excluded.latency_p50,
      latency_p95 = excluded.latency_p95, latency_max = excluded.latency_max`;
  await database.transaction(async (tx) => {
    await tx.execute(rollup(rollupsHourly, "hour", "1 hour"));
    await tx.execute(rollup(rollupsDaily, "day", "1 day"));
  });
}

const PRUNE_BATCH = 10_000;

/** Deletes what retention no longer keeps, in batches so no single transaction grows with the backlog. */
export async function pruneResults(database: HealthcheckDatabase, retention: Retention): Promise<number> {
  let removed = 0;
  const prune = async (table: typeof runs | typeof rollupsHourly | typeof rollupsDaily, column: string, days: number) => {
    for (;;) {
      const result = await database.execute(sql`
        DELETE FROM ${table} WHERE ctid IN (
          SELECT ctid FROM ${table} WHERE ${sql.identifier(column)} < now() - make_interval(days => ${days}) LIMIT ${PRUNE_BATCH})`);
      removed += result.rowCount ?? 0;
      if ((result.rowCount ?? 0) < PRUNE_BATCH) return;
    }
  };
  await prune(runs, "started_at", retention.rawDays);
  await prune(rollupsHourly, "bucket", retention.hourlyDays);
  await prune(rollupsDaily, "bucket", retention.dailyDays);
  return removed;
}
