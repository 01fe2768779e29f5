import mysql from "mysql2";
import type { FieldPacket, QueryResult } from "mysql2";
import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { describeError, elapsedMs, startStrategyRun, timedOutResult, untilAborted } from "@checkstack/healthcheck-common/strategy-kit";
import { mysqlCheckConfigSchema, type MysqlCheckConfig } from "./config";
import { connectionOptions, connectionTarget, describeTarget } from "./connection-options";
import { connect, endConnection, killQuery } from "./connection-control";
import { firstValueMatches, rowsAsObjects, toJsonValue, type JsonValue } from "./query-result";

interface Observed {
  rowCount: number;
  columns: string[];
  rows: unknown[][];
}

/** A SELECT answers with rows and fields; other statements with a header counting affected rows. */
function observe(result: QueryResult, fields: FieldPacket[] | undefined): Observed {
  if (Array.isArray(result)) {
    // rowsAsArray makes every row an array; mysql2's types do not follow that option.
    const rows = (result as unknown[]).filter((row): row is unknown[] => Array.isArray(row));
    return { rowCount: rows.length, columns: (fields ?? []).map((field) => field.name), rows };
  }
  const affected = "affectedRows" in result ? result.affectedRows : 0;
  return { rowCount: affected, columns: [], rows: [] };
}

export async function runMysqlCheck(config: MysqlCheckConfig, context?: HealthCheckRunContext): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  const target = connectionTarget(config);
  const options = connectionOptions(config, target, run.timeoutMs);
  const connection = mysql.createConnection(options);
  // Failures also reject the pending promise; without a listener an 'error' event would crash the process.
  connection.on("error", () => undefined);
  let connectMs: number | undefined;
  let killing: Promise<void> | undefined;
  const onAbort = () => {
    const threadId = connection.threadId;
    connection.destroy();
    if (connectMs !== undefined && typeof threadId === "number") killing = killQuery(options, threadId);
  };
  run.signal.addEventListener("abort", onAbort, { once: true });
  try {
    await untilAborted(connect(connection), run.signal);
    connectMs = elapsedMs(run);
    const [result, fields] = await untilAborted(connection.promise().query({ sql: config.query, rowsAsArray: true }), run.signal);
    return judge(config, observe(result, fields), { latencyMs: elapsedMs(run), connectMs });
  } catch (error) {
    if (run.signal.aborted) return timedOutResult(run, connectMs === undefined ? undefined : { connectMs });
    const latencyMs = elapsedMs(run);
    if (connectMs === undefined) return { healthy: false, latencyMs, message: `connect to ${describeTarget(target)} failed: ${describeMysqlError(error)}` };
    return { healthy: false, latencyMs, message: `query failed: ${describeMysqlError(error)}`, metadata: { connectMs } };
  } finally {
    run.signal.removeEventListener("abort", onAbort);
    // After an abort, wait for the kill too: no work of this check may outlive it. A connection that
    // never opened has nothing to end politely (and mysql2 would not call back for it).
    if (killing) await killing;
    else if (connectMs === undefined) connection.destroy();
    else await endConnection(connection);
  }
}

function judge(config: MysqlCheckConfig, observed: Observed, timing: { latencyMs: number; connectMs: number }): HealthCheckResult {
  const { rowCount, columns } = observed;
  const metadata = { ...timing, rowCount, columns, rows: rowsAsObjects(columns, observed.rows) };
  const base = { latencyMs: timing.latencyMs, metadata };
  if (config.expectedRowCount !== undefined && rowCount !== config.expectedRowCount) {
    return { ...base, healthy: false, message: `expected ${config.expectedRowCount} rows, got ${rowCount}` };
  }
  if (config.expectedFirstValue !== undefined) {
    const firstRow = observed.rows[0];
    const first: JsonValue | undefined = firstRow === undefined ? undefined : toJsonValue(firstRow[0]);
    if (!firstValueMatches(config.expectedFirstValue, first)) {
      const got = first === undefined ? "no rows" : JSON.stringify(first);
      return { ...base, healthy: false, message: `expected first value ${JSON.stringify(config.expectedFirstValue)}, got ${got}` };
    }
  }
  return { ...base, healthy: true, message: `query returned ${rowCount} ${rowCount === 1 ? "row" : "rows"}` };
}

/** mysql2's errors carry the server's symbolic code (ER_ACCESS_DENIED_ERROR) and SQLSTATE. */
function describeMysqlError(error: unknown): string {
  if (!(error instanceof Error)) return describeError(error);
  const details = error as Error & { code?: unknown; sqlState?: unknown };
  const code = typeof details.code === "string" ? details.code : undefined;
  const state = typeof details.sqlState === "string" ? details.sqlState : undefined;
  if (code && state) return `${error.message} (${code}, SQLSTATE ${state})`;
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

export const mysqlStrategy = defineHealthCheckStrategy({
  id: "mysql",
  displayName: "MySQL / MariaDB",
  description: "Connects to MySQL or MariaDB and runs a query (SELECT 1 by default); optionally checks the row count or first value.",
  configSchema: mysqlCheckConfigSchema,
  execute: runMysqlCheck,
});
