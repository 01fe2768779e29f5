import type { ConnectionOptions, SslOptions } from "mysql2";
import type { MysqlCheckConfig } from "./config";

export const DEFAULT_PORT = 3306;

/** Where a check connects, for messages: user@host:port/database, never the password. */
export interface ConnectionTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database?: string;
}

export function connectionTarget(config: MysqlCheckConfig): ConnectionTarget {
  if (config.connectionString === undefined) {
    return {
      host: config.host ?? "localhost",
      port: config.port ?? DEFAULT_PORT,
      user: config.user ?? "",
      password: config.password ?? "",
      ...(config.database ? { database: config.database } : {}),
    };
  }
  const url = new URL(config.connectionString);
  const database = decodeURIComponent(url.pathname.slice(1));
  return {
    // URL keeps IPv6 brackets in hostname; the socket wants the bare address.
    host: url.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost",
    port: url.port ? Number(url.port) : DEFAULT_PORT,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    ...(database ? { database } : {}),
  };
}

export function describeTarget(target: ConnectionTarget): string {
  return `${target.user}@${target.host}:${target.port}/${target.database ?? ""}`;
}

function sslOption(config: MysqlCheckConfig): SslOptions | undefined {
  if (config.ssl === "require") return { rejectUnauthorized: false };
  if (config.ssl === "verify-full") return { rejectUnauthorized: true, ...(config.ca ? { ca: config.ca } : {}) };
  return undefined;
}

export function connectionOptions(config: MysqlCheckConfig, target: ConnectionTarget, timeoutMs: number): ConnectionOptions {
  const ssl = sslOption(config);
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    ...(target.database ? { database: target.database } : {}),
    ...(ssl ? { ssl } : {}),
    connectTimeout: timeoutMs,
    // Arrays keep duplicate column names; the first value is read by position.
    rowsAsArray: true,
    // Values arrive as the server prints them: no time-zone shifts, no precision lost.
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
  };
}
