import type PgBoss from "pg-boss";
import type { PoolClient } from "pg";
import { currentDbScope } from "../database/db-scope";
import { BORROW_LOGIN_ROLE, RESTORE_ROLE } from "./queue-statements";

/**
 * The scope's transaction runs as the application role, which may at most
 * INSERT into pg-boss's tables (sql/002_job_queue_grants.sql, applied only
 * once pg-boss is installed), never read them: plugin SQL must not see other
 * plugins' jobs. send() needs INSERT ... RETURNING id (a read) to tell a
 * deduplicated send from a new job, so the platform's own insert borrows the
 * login role for that one statement. If it fails, the transaction (or the
 * savepoint around it) rolls back, and that restores the role too.
 */
async function asLoginRole<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  const switched = await client.query<{ previous: string }>(BORROW_LOGIN_ROLE);
  const previous = switched.rows[0]?.previous ?? "none";
  const result = await work();
  await client.query(RESTORE_ROLE, [previous]);
  return result;
}

/**
 * Sends one job. Inside a database scope it is written in the scope's
 * transaction and `delivered` runs after COMMIT (never after a rollback);
 * outside one, right away. A deduplicated send (null) delivers nothing.
 */
export async function sendJob(
  boss: PgBoss,
  queue: string,
  data: object,
  options: PgBoss.SendOptions,
  delivered: () => void,
): Promise<string | null> {
  const scope = currentDbScope();
  if (!scope) {
    const id = await boss.send(queue, data, options);
    if (id !== null) delivered();
    return id;
  }
  const client = await scope.client();
  const db = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
  const id = await asLoginRole(client, () => boss.send(queue, data, { ...options, db }));
  if (id !== null) scope.afterCommit(delivered);
  return id;
}
