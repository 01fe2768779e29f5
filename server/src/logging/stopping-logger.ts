import type { LogFields, Logger } from "@checkstack/backend-api";
import { isDatabaseUnavailable } from "../database/database-unavailable";

/**
 * A logger that, once the instance is stopping, writes a lost database
 * connection as info instead of warn or error. Ctrl-C in a terminal signals
 * the whole foreground group, so the embedded Postgres starts its own fast
 * shutdown the moment the platform starts its orderly one (and `docker
 * compose down` stops an external one alongside): the connections it cuts
 * are part of the stop, not a fault. Everything else keeps its level.
 */
export function stoppingAwareLogger(logger: Logger, stopping: () => boolean): Logger {
  const demote = (level: "warn" | "error") => (msg: string, fields?: LogFields) => {
    if (stopping() && fields && isDatabaseUnavailable(fields["error"])) logger.info(msg, { ...fields, duringShutdown: true });
    else logger[level](msg, fields);
  };
  return {
    debug: (msg, fields) => logger.debug(msg, fields),
    info: (msg, fields) => logger.info(msg, fields),
    warn: demote("warn"),
    error: demote("error"),
    child: (fields) => stoppingAwareLogger(logger.child(fields), stopping),
  };
}
