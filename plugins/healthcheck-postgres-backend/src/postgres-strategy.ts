import pg from "pg";
import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { describeError, elapsedMs, startStrategyRun, timedOutResult } from "@checkstack/healthcheck-common/strategy-kit";
import { clientOptions, explicitPassword } from "./client-options";
import { postgresCheckConfigSchema, type PostgresCheckConfig } from "./config";
import { abortConnection, endConnection } from "./connection-control";
import { firstValueMatches, rowsAsObjects, toJsonValue } from "./query-result";

export async function runPostgresCheck(config: PostgresCheckConfig, context?: HealthCheckRunContext): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  const client = new pg.Client(clientOptions(config, run.timeoutMs));
  client.password = explicitPassword(config);
  // Failures also reject the pending promise; without a listener an 'error' event would crash the process.
  client.on("error", () => undefined);
  const target = `${client.user ?? "?"}@${client.host}:${client.port}/${client.database ?? "?"}`;
  let aborting: Promise<void> | undefined;
  const onAbort = () => {
    aborting = abortConnection(client);
  };
  run.signal.addEventListener("abort", onAbort, { once: true });
  let connectMs: number | undefined;
  try {
    await client.connect();
    connectMs = elapsedMs(run);
    const outcome: pg.QueryArrayResult | pg.QueryArrayResult[] = await client.query({ text: config.query, rowMode: "array" });
    // A multi-statement query (e.g. "SET ...; SELECT ...") answers with one result per statement: judge the last.
    const result = Array.isArray(outcome) ? outcome[outcome.length - 1] : outcome;
    return judge(config, result, { latencyMs: elapsedMs(run), connectMs });
  } catch (error) {
    if (run.signal.aborted || isStatementTimeout(error)) {
      return timedOutResult(run, connectMs === undefined ? undefined : { connectMs });
    }
    const latencyMs = elapsedMs(run);
    if (connectMs === undefined) return { healthy: false, latencyMs, message: `connect to ${target} failed: ${describePgError(error)}` };
    return { healthy: false, latencyMs, message: `query failed: ${describePgError(error)}`, metadata: { connectMs } };
  } finally {
    run.signal.removeEventListener("abort", onAbort);
    // After an abort, wait for the cancel request too: no work of this check may outlive it.
    await (aborting ?? endConnection(client));
  }
}

function judge(
  config: PostgresCheckConfig,
  result: pg.QueryArrayResult | undefined,
  timing: { latencyMs: number; connectMs: number },
): HealthCheckResult {
  const fields = result?.fields ?? [];
  const rows = result?.rows ?? [];
  const rowCount = result?.rowCount ?? rows.length;
  const metadata = { ...timing, rowCount, columns: fields.map((field) => field.name), rows: rowsAsObjects(fields.map((field) => field.name), rows) };
  const base = { latencyMs: timing.latencyMs, metadata };
  if (config.expectedRowCount !== undefined && rowCount !== config.expectedRowCount) {
    return { ...base, healthy: false, message: `expected ${config.expectedRowCount} rows, got ${rowCount}` };
  }
  if (config.expectedFirstValue !== undefined) {
    const first = rows[0] === undefined ? undefined : toJsonValue(rows[0][0]);
    if (!firstValueMatches(config.expectedFirstValue, first)) {
      const got = first === undefined ? "no rows" : JSON.stringify(first);
      return { ...base, healthy: false, message: `expected first value ${JSON.stringify(config.expectedFirstValue)}, got ${got}` };
    }
  }
  return { ...base, healthy: true, message: `query returned ${rowCount} ${rowCount === 1 ? "row" : "rows"}` };
}

function sqlState(error: unknown): string | undefined {
  if (!(error instanceof pg.DatabaseError)) return undefined;
  return error.code;
}

/** 57014 is also a cancel by an administrator, which is not a timeout. */
function isStatementTimeout(error: unknown): boolean {
  return sqlState(error) === "57014" && describeError(error).includes("statement timeout");
}

function describePgError(error: unknown): string {
  const state = sqlState(error);
  return state ? `${describeError(error)} (SQLSTATE ${state})` : describeError(error);
}

export const postgresStrategy = defineHealthCheckStrategy({
  id: "postgres",
  displayName: "PostgreSQL",
  description: "Connects to PostgreSQL and runs a query (SELECT 1 by default); optionally checks the row count or first value.",
  configSchema: postgresCheckConfigSchema,
  execute: runPostgresCheck,
});
