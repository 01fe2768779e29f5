import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Availability, HealthStatus, SystemStatus, Thresholds } from "@checkstack/healthcheck-common";
import type { HealthcheckDatabase } from "./scheduler/claim";
import { decodeRunCursor, encodeRunCursor } from "./run-cursor";
import { checks, checkState, rollupsDaily, rollupsHourly, runs, systemStatus, systemThresholds } from "./schema";

/** What a run looks like to callers, in history and in pages alike. */
const RUN_COLUMNS = {
  id: runs.id,
  checkId: runs.checkId,
  systemId: runs.systemId,
  scheduledAt: runs.scheduledAt,
  startedAt: runs.startedAt,
  durationMs: runs.durationMs,
  healthy: runs.healthy,
  message: runs.message,
};

/**
 * Row security decides what each caller sees: rows keyed by a system follow the
 * system's catalog rules, and per-check results are joined to the checks table,
 * so a check's id and results reach only callers who may read that check.
 */
export class StatusService {
  constructor(private readonly database: HealthcheckDatabase) {}

  /** The checks the caller may read (row security on checks), as a sub-select. */
  private readableChecks() {
    return this.database.select({ id: checks.id }).from(checks);
  }

  /** `runMessages: false` leaves out what the runs said (they may quote URLs and responses): for anonymous callers. */
  async systemStatus(systemId: string, options: { runMessages: boolean }): Promise<SystemStatus> {
    const [system] = await this.database.select().from(systemStatus).where(eq(systemStatus.systemId, systemId));
    const states = await this.database
      .select()
      .from(checkState)
      .where(and(eq(checkState.systemId, systemId), inArray(checkState.checkId, this.readableChecks())));
    return {
      systemId,
      status: (system?.status as HealthStatus | undefined) ?? "unknown",
      since: system?.since ?? null,
      checks: states.map((state) => ({
        checkId: state.checkId,
        status: state.status as HealthStatus,
        consecutiveFailures: state.consecutiveFailures,
        lastRunAt: state.lastRunAt,
        lastMessage: options.runMessages ? state.lastMessage : null,
      })),
    };
  }

  /**
   * systemStatus for many systems in two statements (not two per system),
   * in the order asked; a system the caller may not see is "unknown", as there.
   */
  async systemStatuses(systemIds: ReadonlyArray<string>, options: { runMessages: boolean }): Promise<SystemStatus[]> {
    const ids = [...new Set(systemIds)];
    const [systems, states] = await Promise.all([
      this.database.select().from(systemStatus).where(inArray(systemStatus.systemId, ids)),
      this.database
        .select()
        .from(checkState)
        .where(and(inArray(checkState.systemId, ids), inArray(checkState.checkId, this.readableChecks())))
        .orderBy(checkState.systemId, checkState.checkId),
    ]);
    const bySystem = new Map(systems.map((row) => [row.systemId, row]));
    const checksOf = new Map<string, SystemStatus["checks"]>();
    for (const state of states) {
      const list = checksOf.get(state.systemId) ?? [];
      list.push({
        checkId: state.checkId,
        status: state.status as HealthStatus,
        consecutiveFailures: state.consecutiveFailures,
        lastRunAt: state.lastRunAt,
        lastMessage: options.runMessages ? state.lastMessage : null,
      });
      checksOf.set(state.systemId, list);
    }
    return systemIds.map((systemId) => ({
      systemId,
      status: (bySystem.get(systemId)?.status as HealthStatus | undefined) ?? "unknown",
      since: bySystem.get(systemId)?.since ?? null,
      checks: checksOf.get(systemId) ?? [],
    }));
  }

  /**
   * One keyset page of runs, newest first by (started_at, id): every page
   * costs the same, however much history there is. The cursor carries
   * started_at in microseconds since 1970 (a JS Date would round them to ms).
   */
  async runsPage(query: { systemId: string; checkId?: string | undefined; from: Date; to: Date; limit: number; cursor?: string | undefined }) {
    const after = query.cursor === undefined ? undefined : decodeRunCursor(query.cursor);
    const rows = await this.database
      .select({
        ...RUN_COLUMNS,
        at: sql<string>`(extract(epoch FROM ${runs.startedAt}) * 1000000)::bigint::text`,
      })
      .from(runs)
      .where(
        and(
          this.runsInRange(query),
          after ? sql`(${runs.startedAt}, ${runs.id}) < (timestamptz 'epoch' + ${after.at}::bigint * interval '1 microsecond', ${after.id}::bigint)` : undefined,
        ),
      )
      .orderBy(desc(runs.startedAt), desc(runs.id))
      .limit(query.limit + 1);
    const more = rows.length > query.limit;
    const page = (more ? rows.slice(0, query.limit) : rows).map(({ at: _at, ...run }) => run);
    const last = more ? rows[query.limit - 1] : undefined;
    return { items: page, nextCursor: last ? encodeRunCursor({ at: last.at, id: last.id }) : null };
  }

  /** The runs of a system (optionally one check) in [from, to) that the caller may read. */
  private runsInRange(query: { systemId: string; checkId?: string | undefined; from: Date; to: Date }) {
    return and(
      eq(runs.systemId, query.systemId),
      inArray(runs.checkId, this.readableChecks()),
      query.checkId ? eq(runs.checkId, query.checkId) : undefined,
      gte(runs.startedAt, query.from),
      lt(runs.startedAt, query.to),
    );
  }

  async statuses(): Promise<Map<string, HealthStatus>> {
    const rows = await this.database.select({ systemId: systemStatus.systemId, status: systemStatus.status }).from(systemStatus);
    return new Map(rows.map((row) => [row.systemId, row.status as HealthStatus]));
  }

  async history(query: { systemId: string; checkId?: string | undefined; from: Date; to: Date; limit: number }) {
    return this.database
      .select(RUN_COLUMNS)
      .from(runs)
      .where(this.runsInRange(query))
      .orderBy(desc(runs.startedAt))
      .limit(query.limit);
  }

  async aggregates(query: { systemId: string; from: Date; to: Date; granularity: "hourly" | "daily" }) {
    const table = query.granularity === "hourly" ? rollupsHourly : rollupsDaily;
    return this.database
      .select({
        checkId: table.checkId,
        bucket: table.bucket,
        count: table.count,
        failures: table.failures,
        latencyP50: table.latencyP50,
        latencyP95: table.latencyP95,
        latencyMax: table.latencyMax,
      })
      .from(table)
      .where(
        and(
          eq(table.systemId, query.systemId),
          inArray(table.checkId, this.readableChecks()),
          gte(table.bucket, query.from),
          lt(table.bucket, query.to),
        ),
      )
      .orderBy(table.bucket);
  }

  /** Share of healthy runs: the last 24 h and 7 d from hourly buckets, 30 d and 90 d from daily ones. */
  async availability(systemIds: string[]): Promise<Availability[]> {
    const ratio = (table: typeof rollupsHourly | typeof rollupsDaily, window: string) => sql<number | null>`
      (SELECT CASE WHEN sum(${table.count}) > 0 THEN 1 - sum(${table.failures})::float8 / sum(${table.count}) END
         FROM ${table} WHERE ${table.systemId} = ids.system_id AND ${table.bucket} >= now() - ${window}::interval)`;
    const result = await this.database.execute<{ system_id: string; d1: number | null; d7: number | null; d30: number | null; d90: number | null }>(sql`
      SELECT ids.system_id,
             ${ratio(rollupsHourly, "24 hours")} AS d1, ${ratio(rollupsHourly, "7 days")} AS d7,
             ${ratio(rollupsDaily, "30 days")} AS d30, ${ratio(rollupsDaily, "90 days")} AS d90
        FROM unnest(${sql.param(systemIds)}::text[]) AS ids(system_id)`);
    return result.rows.map((row) => ({ systemId: row.system_id, last24h: row.d1, last7d: row.d7, last30d: row.d30, last90d: row.d90 }));
  }

  async setThresholds(systemId: string, thresholds: Thresholds): Promise<void> {
    await this.database
      .insert(systemThresholds)
      .values({ systemId, thresholds })
      .onConflictDoUpdate({ target: systemThresholds.systemId, set: { thresholds } });
  }
}
