import type { LogFields, Logger } from "@checkstack/backend-api";

type Level = "debug" | "info" | "warn" | "error";

/**
 * At most one line per key and window. An outage makes every request, job
 * and connection fail at once; one line per failure would bury the log (and
 * cost CPU when the instance needs it), so repeats are counted and the count
 * travels with the next line that is let through.
 */
export class LogThrottle {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly windowMs = 10_000) {}

  log(logger: Logger, level: Level, key: string, msg: string, fields: LogFields = {}): void {
    const now = Date.now();
    const entry = this.last.get(key);
    if (entry && now - entry.at < this.windowMs) {
      entry.suppressed++;
      return;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.last.set(key, { at: now, suppressed: 0 });
    logger[level](msg, suppressed > 0 ? { ...fields, suppressedSinceLast: suppressed } : fields);
  }

  warn(logger: Logger, key: string, msg: string, fields?: LogFields): void {
    this.log(logger, "warn", key, msg, fields);
  }
}
