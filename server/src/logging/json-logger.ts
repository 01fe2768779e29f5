import type { LogFields, Logger } from "@checkstack/backend-api";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface LogSink {
  (line: string, level: Exclude<LogLevel, "silent">): void;
}

const defaultSink: LogSink = (line, level) => {
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
};

/** Errors do not serialise with JSON.stringify; keep what an operator needs. */
function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack, ...(value.cause ? { cause: serialise(value.cause) } : {}) };
  }
  return value;
}

/** One JSON object per line: time, level, msg and the logger's tags and fields. */
export function createJsonLogger(options: { level: LogLevel; fields?: LogFields; sink?: LogSink }): Logger {
  const threshold = RANK[options.level];
  const base = options.fields ?? {};
  const sink = options.sink ?? defaultSink;
  const write = (level: Exclude<LogLevel, "silent">) => (msg: string, fields: LogFields = {}) => {
    if (RANK[level] < threshold) return;
    const entries = Object.entries({ ...base, ...fields }).map(([key, value]) => [key, serialise(value)]);
    sink(JSON.stringify({ time: new Date().toISOString(), level, msg, ...Object.fromEntries(entries) }), level);
  };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    child: (fields) => createJsonLogger({ ...options, fields: { ...base, ...fields } }),
  };
}
