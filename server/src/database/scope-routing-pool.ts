import type { Pool, PoolClient, QueryConfig, QueryResult, QueryResultRow } from "pg";
import { currentDbScope, type DbScope } from "./db-scope";

type QueryText = string | QueryConfig;

function textOf(query: QueryText): string {
  return (typeof query === "string" ? query : query.text).trim().toLowerCase();
}

/**
 * What drizzle sees as a transaction inside a scope: the scope's own
 * connection, with BEGIN/COMMIT/ROLLBACK turned into savepoint commands so a
 * plugin's db.transaction() nests inside the request's transaction.
 */
function savepointClient(scope: DbScope, client: PoolClient): Pick<PoolClient, "query" | "release"> {
  const name = `checkstack_sp_${scope.savepoints.next++}`;
  const translate = (query: QueryText): QueryText => {
    const text = textOf(query);
    if (text.startsWith("begin")) return `SAVEPOINT ${name}`;
    if (text === "commit") return `RELEASE SAVEPOINT ${name}`;
    if (text === "rollback") return `ROLLBACK TO SAVEPOINT ${name}`;
    return query;
  };
  return {
    query: ((query: QueryText, values?: unknown[]) => client.query(translate(query), values)) as PoolClient["query"],
    release: () => undefined,
  };
}

/**
 * Stands in for a pg Pool under a plugin's drizzle instance. Inside a DbScope
 * every query runs on the scope's connection (its transaction, role and
 * principal); outside one it goes to the real pool. Drizzle recognises pools by
 * the class name, hence the name.
 */
export class ScopeRoutingPool {
  constructor(private readonly pool: Pool) {}

  async query<R extends QueryResultRow>(query: QueryText, values?: unknown[]): Promise<QueryResult<R>> {
    const scope = currentDbScope();
    return scope ? (await scope.client()).query<R>(query, values) : this.pool.query<R>(query, values);
  }

  async connect(): Promise<Pick<PoolClient, "query" | "release">> {
    const scope = currentDbScope();
    return scope ? savepointClient(scope, await scope.client()) : this.pool.connect();
  }

  /** For drizzle's type check; a plugin database never ends the shared pool. */
  async end(): Promise<void> {}
}
