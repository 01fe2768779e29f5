/** Structured fields of a log line (JSON-serialisable values). */
export type LogFields = Record<string, unknown>;

/** The platform's JSON logger (coreServices.logger), scoped to the plugin; child() adds fields to every line. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}
