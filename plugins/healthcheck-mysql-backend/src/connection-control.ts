import mysql from "mysql2";
import type { ConnectionOptions } from "mysql2";
import { untilAborted } from "@checkstack/healthcheck-common/strategy-kit";

export function connect(connection: mysql.Connection): Promise<void> {
  return new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
}

/**
 * Asks the server to stop the statement a timed-out check left running, the
 * way the mysql client does on Ctrl-C: KILL QUERY from a second connection.
 * Dropping our socket is not enough, the server runs the statement to its
 * end. Best effort and bounded: it always resolves.
 */
export async function killQuery(options: ConnectionOptions, threadId: number, timeoutMs = 1_000): Promise<void> {
  const killer = mysql.createConnection({ ...options, connectTimeout: timeoutMs });
  killer.on("error", () => undefined);
  const gaveUp = AbortSignal.timeout(timeoutMs);
  try {
    await untilAborted(connect(killer), gaveUp);
    await untilAborted(killer.promise().query(`KILL QUERY ${Number(threadId)}`), gaveUp);
  } catch {
    // Best effort: the server-side statement then runs to its end on its own.
  } finally {
    killer.destroy();
  }
}

/** Ends the session politely (no "aborted connection" in the server log), but never waits more than `ms`. */
export async function endConnection(connection: mysql.Connection, ms = 1_000): Promise<void> {
  const ended = new Promise<void>((resolve) => connection.end(() => resolve()));
  await untilAborted(ended, AbortSignal.timeout(ms)).catch(() => undefined);
  connection.destroy();
}
