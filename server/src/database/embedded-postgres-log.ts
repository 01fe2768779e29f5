import type { Logger } from "@checkstack/backend-api";

/** Postgres lines kept to explain a failed start. */
const RECENT_LOG_LINES = 30;

export interface LogSink {
  onLog(message: string): void;
  onError(error: unknown): void;
  recentLines(): string[];
  reset(): void;
}

const ERROR_LINE = /\b(?:ERROR|FATAL|PANIC):|: error: /;
/** Statement errors (a unique violation, a denied permission) are the application's to report; only server trouble is. */
const SERVER_TROUBLE = /\b(?:FATAL|PANIC):/;
/**
 * What each backend says when its connection is ended on purpose: by the fast
 * shutdown the platform (or a Ctrl-C reaching Postgres too) asked for, or by
 * pg_terminate_backend. Part of an orderly stop, not server trouble.
 */
const ENDED_ON_PURPOSE = /FATAL:\s+terminating connection due to administrator command/;
const LINE_PREFIX = /^(?:\[STDERR\] )?(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ )?/;

export function createLogSink(logger: Logger): LogSink {
  let recent: string[] = [];
  const record = (line: string): void => {
    recent.push(line);
    if (recent.length > RECENT_LOG_LINES) recent = recent.slice(-RECENT_LOG_LINES);
  };
  return {
    onLog(message) {
      for (const raw of message.split("\n")) {
        const line = raw.replace(LINE_PREFIX, "").trimEnd();
        if (line.length === 0) continue;
        record(line);
        if (ENDED_ON_PURPOSE.test(line)) logger.info(line);
        else if (SERVER_TROUBLE.test(line)) logger.warn(line);
        else logger.debug(line);
      }
    },
    onError(error) {
      const line = error instanceof Error ? error.message : String(error);
      record(line);
      logger.warn(line);
    },
    recentLines: () => [...recent],
    reset() {
      recent = [];
    },
  };
}

export function describeFailure(error: unknown, sink: LogSink): string {
  const reason = error instanceof Error ? error.message : "process exited";
  const log = sink.recentLines().filter((line) => ERROR_LINE.test(line));
  return [reason, ...(log.length > 0 ? log : sink.recentLines().slice(-5))].join("\n");
}
