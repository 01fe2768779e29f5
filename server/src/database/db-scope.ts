import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { Pool, PoolClient, QueryConfig, QueryResult, QueryResultRow } from "pg";
import type { Principal } from "@checkstack/backend-api";
import { signingKeyOf } from "./principal-signature";
import { epochCheckStatement, principalSettings, principalSwitchStatement, settingsStatement, type PrincipalSettings } from "./scope-settings";
import { lastOf, runBatch, type BatchStatement } from "./statement-batch";

export type QueryText = string | QueryConfig;

export function textOf(query: QueryText): string {
  return typeof query === "string" ? query : query.text;
}

function batchStatement(query: QueryText, values?: unknown[]): BatchStatement {
  if (typeof query === "string") return { text: query, values };
  const config = query as QueryConfig & { rowMode?: "array" };
  return { text: config.text, values: values ?? config.values, rowMode: config.rowMode, types: config.types };
}

/**
 * The database side of one unit of work (a request, a job, a hook delivery):
 * one connection, one transaction, running as the application role with the
 * principal in transaction-local settings. Plugin databases route their
 * queries here while the scope is active. The connection is taken on first
 * use, so work that never touches the database costs no round trip.
 */
export interface DbScope {
  readonly principal: Principal;
  readonly requestId: string;
  /** The scope's connection, inside its transaction; opened on the first call. */
  client(): Promise<PoolClient>;
  /** Runs a statement in the scope; the first one travels with BEGIN and the settings, in one round trip. */
  query<R extends QueryResultRow>(query: QueryText, values?: unknown[]): Promise<QueryResult<R>>;
  /** Declared read-only: statements run without a transaction of their own (see ScopeOptions.readOnly). */
  readonly readOnly: boolean;
  /** Whether remembered access decisions may be reused in this scope. */
  readonly reuseDecisions: boolean;
  /** Makes every later statement of the scope carry the epoch check for a remembered decision read at `epoch`. */
  relyOnAccessEpoch(epoch: number): void;
  /** Names savepoints for transactions opened inside the scope (shared by nested scopes). */
  readonly savepoints: { next: number };
  /** Runs `effect` once the scope's transaction has committed; dropped on rollback. */
  afterCommit(effect: () => void): void;
}

const storage = new AsyncLocalStorage<DbScope>();

export function currentDbScope(): DbScope | undefined {
  return storage.getStore();
}

/**
 * Runs `work` with no scope, as boot does: for platform work started from a
 * request or hook that must commit on its own (loading a plugin, which takes
 * locks and opens its own transactions) rather than join the caller's.
 */
export function outsideDbScope<T>(work: () => T): T {
  return storage.exit(work);
}

const BEGIN: BatchStatement = { text: "BEGIN" };

export interface ScopeOptions {
  principal: Principal;
  requestId?: string;
  /** The client's X-Request-Id, recorded beside the platform's own request id in the audit trail. */
  clientRequestId?: string | undefined;
  /**
   * Work that only reads (a procedure declared `operationType: "query"`). Its
   * statements run without BEGIN and COMMIT: each travels with the settings as
   * one implicit, read-only transaction, which under READ COMMITTED sees what
   * a statement in a longer transaction would. A write fails with Postgres's
   * read-only error. Asking for the scope's client (a db.transaction(), say)
   * opens a real transaction, read-only still, for the rest of the scope.
   */
  readOnly?: boolean;
  /** The access epoch of a remembered principal this scope runs as (see AccessMemo). */
  accessEpoch?: number;
  /** Whether access decisions remembered by this instance may be reused (read-only scopes only). */
  reuseDecisions?: boolean;
}

/**
 * Runs `work` inside a scope. Commits when it resolves, rolls back when it
 * throws. Nested calls join the enclosing scope's transaction, switching the
 * principal for their duration when it differs.
 */
export async function runInDbScope<T>(pool: Pool, options: ScopeOptions, work: () => Promise<T>): Promise<T> {
  const enclosing = storage.getStore();
  if (enclosing) return runNested(pool, enclosing, options, work);
  const requestId = options.requestId ?? randomUUID();
  const readOnly = options.readOnly === true;
  // The epoch of the remembered access this scope relies on, and the last one Postgres confirmed.
  let accessEpoch = options.accessEpoch;
  let confirmedEpoch: number | undefined;
  // Signed once per scope, with the key read once per pool.
  let identity: PrincipalSettings | undefined;
  const clientRequestId = options.clientRequestId;
  const settings = async () => {
    identity ??= principalSettings(options.principal, await signingKeyOf(pool));
    return settingsStatement({ identity, requestId, clientRequestId, readOnly, accessEpoch });
  };
  let connecting: Promise<PoolClient> | undefined;
  let transaction: Promise<unknown> | undefined;
  const committed: Array<() => void> = [];
  const connect = () => (connecting ??= pool.connect());
  // One statement at a time on the scope's connection: work running statements concurrently
  // (a Promise.all in a handler) queues here, in order, never in pg's deprecated per-client queue.
  let idle: Promise<unknown> = Promise.resolve();
  const send = (statements: BatchStatement[]) => {
    const next = idle.then(async () => {
      const relied = accessEpoch;
      const results = await runBatch(await connect(), statements);
      confirmedEpoch = relied;
      return results;
    });
    idle = next.catch(() => undefined);
    return next;
  };
  // BEGIN, the settings and the first statement share one round trip.
  const begin = (first?: BatchStatement) => {
    const started = settings().then((statement) => send([BEGIN, statement, ...(first ? [first] : [])]));
    // Later statements wait for the transaction; a failure of the first one is that statement's error.
    transaction = started.catch(() => undefined);
    return started;
  };
  // A transaction relying on a decision reused after it began checks the epoch first.
  const inTransaction = async (statement?: BatchStatement) => {
    await transaction;
    const check = accessEpoch !== undefined && accessEpoch !== confirmedEpoch ? [epochCheckStatement(accessEpoch)] : [];
    return send([...check, ...(statement ? [statement] : [])]);
  };
  const scope: DbScope = {
    principal: options.principal,
    requestId,
    readOnly,
    reuseDecisions: readOnly && options.reuseDecisions === true,
    relyOnAccessEpoch: (epoch) => {
      accessEpoch = accessEpoch === undefined ? epoch : Math.min(accessEpoch, epoch);
    },
    savepoints: { next: 1 },
    afterCommit: (effect) => void committed.push(effect),
    client: async () => {
      if (!transaction) await begin();
      await transaction;
      return connect();
    },
    query: async <R extends QueryResultRow>(query: QueryText, values?: unknown[]) => {
      const statement = batchStatement(query, values);
      if (transaction) return lastOf<R>(await inTransaction(statement));
      if (readOnly) return lastOf<R>(await send([await settings(), statement]));
      return lastOf<R>(await begin(statement));
    },
  };
  let result: T;
  try {
    result = await storage.run(scope, work);
    // Work that relied on remembered access but sent nothing since (or nothing at all) is confirmed before it counts.
    if (accessEpoch !== undefined && accessEpoch !== confirmedEpoch) {
      if (transaction) await inTransaction();
      else await send([epochCheckStatement(accessEpoch)]);
    }
  } catch (error) {
    // A statement the failed work left running finishes before the ROLLBACK is sent.
    await idle;
    await release(connecting, transaction, "ROLLBACK");
    throw error;
  }
  await idle;
  await release(connecting, transaction, "COMMIT");
  for (const effect of committed) effect();
  return result;
}

/** Ends the scope's transaction, if it opened one, and returns its connection. */
async function release(connecting: Promise<PoolClient> | undefined, transaction: Promise<unknown> | undefined, command: "COMMIT" | "ROLLBACK"): Promise<void> {
  const client = await connecting?.catch(() => undefined);
  if (!client) return;
  if (!transaction) {
    client.release();
    return;
  }
  await transaction;
  await finish(client, command);
}

/**
 * One statement in a scope of its own, in one round trip: the settings and
 * the statement travel as one batch, which Postgres runs as one implicit
 * transaction. For a plugin's database used outside any scope.
 */
export async function queryInOwnScope<R extends QueryResultRow>(pool: Pool, options: ScopeOptions, query: QueryText, values?: unknown[]): Promise<QueryResult<R>> {
  const client = await pool.connect();
  try {
    const settings = settingsStatement({
      identity: principalSettings(options.principal, await signingKeyOf(pool)),
      requestId: options.requestId ?? randomUUID(),
      readOnly: false,
      accessEpoch: undefined,
    });
    return lastOf<R>(await runBatch(client, [settings, batchStatement(query, values)]));
  } finally {
    // A statement's error leaves the connection idle and usable; pg discards broken ones itself.
    client.release();
  }
}

/** Ends the transaction; a connection whose COMMIT or ROLLBACK failed is destroyed, not pooled. */
async function finish(client: PoolClient, command: "COMMIT" | "ROLLBACK"): Promise<void> {
  try {
    await client.query(command);
    client.release();
  } catch (error) {
    client.release(true);
    throw error;
  }
}

async function runNested<T>(pool: Pool, enclosing: DbScope, options: ScopeOptions, work: () => Promise<T>): Promise<T> {
  if (JSON.stringify(enclosing.principal) === JSON.stringify(options.principal)) return work();
  const client = await enclosing.client();
  const key = await signingKeyOf(pool);
  const switchTo = (principal: Principal) => {
    const statement = principalSwitchStatement(principalSettings(principal, key));
    return client.query(statement.text, [...(statement.values ?? [])]);
  };
  await switchTo(options.principal);
  try {
    return await storage.run({ ...enclosing, principal: options.principal }, work);
  } finally {
    await switchTo(enclosing.principal);
  }
}
