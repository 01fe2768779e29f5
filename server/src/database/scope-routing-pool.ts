import type { Pool, PoolClient, QueryResult, QueryResultRow } from "pg";
import { servicePrincipal } from "@checkstack/backend-api";
import { currentDbScope, queryInOwnScope, textOf, type DbScope, type QueryText } from "./db-scope";

type TransactionClient = Pick<PoolClient, "query" | "release">;

/**
 * What drizzle sees as a transaction inside a scope: the scope's own
 * connection, with BEGIN/COMMIT/ROLLBACK turned into savepoint commands so a
 * plugin's db.transaction() nests inside the request's transaction.
 */
function savepointClient(scope: DbScope, client: PoolClient): TransactionClient {
  const name = `checkstack_sp_${scope.savepoints.next++}`;
  const translate = (query: QueryText): QueryText => {
    const text = textOf(query).trim().toLowerCase();
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
 * Stands in for a pg Pool under a drizzle instance. Inside a DbScope every
 * query runs on the scope's connection (its transaction, role and principal).
 * Outside one, a plugin's database acts as the plugin's own service principal
 * (each statement in a scope of its own; db.transaction() opens one, see
 * plugin-database.ts), so tables
 * under FORCE ROW LEVEL SECURITY stay readable to the plugin and every write is
 * audited as "system:<plugin>". The platform's own database (no plugin id)
 * goes to the pool directly. Drizzle recognises pools by the class name.
 */
export class ScopeRoutingPool {
  constructor(
    private readonly pool: Pool,
    private readonly actingPluginId?: string,
  ) {}

  async query<R extends QueryResultRow>(query: QueryText, values?: unknown[]): Promise<QueryResult<R>> {
    const scope = currentDbScope();
    if (scope) return scope.query<R>(query, values);
    if (!this.actingPluginId) return this.pool.query<R>(query, values);
    return queryInOwnScope<R>(this.pool, { principal: servicePrincipal(this.actingPluginId) }, query, values);
  }

  /** A transaction: savepoints inside a scope; outside one (the platform's own tables) a pooled connection. */
  async connect(): Promise<TransactionClient> {
    const scope = currentDbScope();
    return scope ? savepointClient(scope, await scope.client()) : this.pool.connect();
  }

  /** For drizzle's type check; a scoped database never ends the shared pool. */
  async end(): Promise<void> {}
}
