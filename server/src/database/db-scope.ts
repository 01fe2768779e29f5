import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { Pool, PoolClient, QueryConfig, QueryResult, QueryResultRow } from "pg";
import { describePrincipal, type Principal } from "@checkstack/backend-api";
import { inlineParameters } from "./inline-parameters";
import { APP_ROLE } from "./schema-names";

export type QueryText = string | QueryConfig;

function withText(query: QueryText, text: string): QueryConfig {
  return typeof query === "string" ? { text } : { ...query, text };
}

export function textOf(query: QueryText): string {
  return typeof query === "string" ? query : query.text;
}

/** A multi-statement simple query resolves to one result per statement. */
function lastResult<R extends QueryResultRow>(results: unknown): QueryResult<R> {
  const list = results as Array<QueryResult<R>>;
  const last = Array.isArray(list) ? list[list.length - 1] : (results as QueryResult<R>);
  if (!last) throw new Error("a combined statement returned no result");
  return last;
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

function principalSettings(principal: Principal): Record<string, string> {
  return {
    "checkstack.principal": JSON.stringify(principal),
    "checkstack.principal_label": describePrincipal(principal),
  };
}

/** BEGIN plus every setting in one statement, one round trip; literals are escaped by the driver. */
function openingSql(client: PoolClient, principal: Principal, requestId: string): string {
  const settings = { role: APP_ROLE, ...principalSettings(principal), "checkstack.request_id": requestId };
  const calls = Object.entries(settings).map(
    ([name, value]) => `set_config(${client.escapeLiteral(name)}, ${client.escapeLiteral(value)}, true)`,
  );
  return `BEGIN; SELECT ${calls.join(", ")}`;
}

export interface ScopeOptions {
  principal: Principal;
  requestId?: string;
}

/**
 * Runs `work` inside a scope. Commits when it resolves, rolls back when it
 * throws. Nested calls join the enclosing scope's transaction, switching the
 * principal for their duration when it differs.
 */
export async function runInDbScope<T>(pool: Pool, options: ScopeOptions, work: () => Promise<T>): Promise<T> {
  const enclosing = storage.getStore();
  if (enclosing) return runNested(enclosing, options, work);
  const requestId = options.requestId ?? randomUUID();
  let opening: Promise<PoolClient> | undefined;
  let opened: PoolClient | undefined;
  const committed: Array<() => void> = [];
  const connectOpened = async (first?: { query: QueryText; inlined: string }) => {
    const client = await pool.connect();
    opened = client;
    const settings = openingSql(client, options.principal, requestId);
    if (!first) {
      await client.query(settings);
      return { client, result: undefined };
    }
    const results = await client.query(withText(first.query, `${settings}; ${first.inlined}`));
    return { client, result: results };
  };
  const scope: DbScope = {
    principal: options.principal,
    requestId,
    savepoints: { next: 1 },
    afterCommit: (effect) => void committed.push(effect),
    client: () => (opening ??= connectOpened().then(({ client }) => client)),
    query: async <R extends QueryResultRow>(query: QueryText, values?: unknown[]) => {
      // Inlined statements travel as one simple-protocol message: one socket write instead of the
      // extended protocol's five, which is most of a short request's cost on this runtime.
      const inlined = inlineParameters(textOf(query), values);
      if (opening) {
        const client = await opening;
        return inlined === undefined ? client.query<R>(query, values) : client.query<R>(withText(query, inlined));
      }
      if (inlined === undefined) return (await scope.client()).query<R>(query, values);
      const started = connectOpened({ query, inlined });
      // Later statements wait for the connection; a failure of this one is this statement's error.
      opening = started.then(({ client }) => client, async (error: unknown) => {
        if (opened) return opened;
        throw error;
      });
      return lastResult<R>((await started).result);
    },
  };
  let result: T;
  try {
    result = await storage.run(scope, work);
  } catch (error) {
    await opening?.catch(() => undefined);
    if (opened) await finish(opened, "ROLLBACK");
    throw error;
  }
  await opening?.catch(() => undefined);
  if (opened) await finish(opened, "COMMIT");
  for (const effect of committed) effect();
  return result;
}

/**
 * One statement in a scope of its own, in one round trip: BEGIN, the
 * settings, the statement and COMMIT travel together. For a plugin's
 * database used outside any scope.
 */
export async function queryInOwnScope<R extends QueryResultRow>(pool: Pool, options: ScopeOptions, query: QueryText, values?: unknown[]): Promise<QueryResult<R>> {
  const inlined = inlineParameters(textOf(query), values);
  if (inlined === undefined) return runInDbScope(pool, options, () => currentDbScope()!.query<R>(query, values));
  const client = await pool.connect();
  const opening = openingSql(client, options.principal, options.requestId ?? randomUUID());
  try {
    const results = (await client.query(withText(query, `${opening}; ${inlined}; COMMIT`))) as unknown as Array<QueryResult<R>>;
    client.release();
    const result = results[results.length - 2];
    if (!result) throw new Error("a combined statement returned no result");
    return result;
  } catch (error) {
    await finish(client, "ROLLBACK").catch(() => undefined);
    throw error;
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

async function runNested<T>(enclosing: DbScope, options: ScopeOptions, work: () => Promise<T>): Promise<T> {
  if (JSON.stringify(enclosing.principal) === JSON.stringify(options.principal)) return work();
  const client = await enclosing.client();
  const switchTo = (principal: Principal) => {
    const settings = principalSettings(principal);
    return client.query("SELECT set_config('checkstack.principal', $1, true), set_config('checkstack.principal_label', $2, true)", [
      settings["checkstack.principal"],
      settings["checkstack.principal_label"],
    ]);
  };
  await switchTo(options.principal);
  try {
    return await storage.run({ ...enclosing, principal: options.principal }, work);
  } finally {
    await switchTo(enclosing.principal);
  }
}
