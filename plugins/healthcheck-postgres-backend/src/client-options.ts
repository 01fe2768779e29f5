import type { ClientConfig } from "pg";
import type { PostgresCheckConfig } from "./config";

const DEFAULT_PORT = 5432;

/** Identifies the check's sessions in pg_stat_activity and server logs. */
export const APPLICATION_NAME = "checkstack-healthcheck";

export function clientOptions(config: PostgresCheckConfig, timeoutMs: number): ClientConfig {
  return {
    ...connectionTarget(config),
    application_name: APPLICATION_NAME,
    // The server gives up on the query at the deadline by itself, even if our cancel never arrives.
    statement_timeout: timeoutMs,
  };
}

function connectionTarget(config: PostgresCheckConfig): ClientConfig {
  if (config.connectionString !== undefined) return { connectionString: config.connectionString };
  return {
    host: config.host,
    port: config.port ?? DEFAULT_PORT,
    database: config.database,
    user: config.user,
    ssl: sslOption(config.ssl),
  };
}

function sslOption(mode: PostgresCheckConfig["ssl"]): ClientConfig["ssl"] {
  if (mode === "require") return { rejectUnauthorized: false };
  if (mode === "verify-full") return { rejectUnauthorized: true };
  return false;
}

/**
 * The password to authenticate with, and nothing else: when a config has
 * none, pg falls back to PGPASSWORD and ~/.pgpass, which here are the
 * platform's own credentials and must never be offered to a server a user
 * configured. Assigned to the client after construction, because pg merges a
 * connectionString's empty password over anything passed alongside it.
 */
export function explicitPassword(config: PostgresCheckConfig): string {
  if (config.connectionString === undefined) return config.password ?? "";
  try {
    return decodeURIComponent(new URL(config.connectionString).password);
  } catch {
    return "";
  }
}
