import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { NodePgDatabase, NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import type { PgTransaction } from "drizzle-orm/pg-core";
import type { Pool } from "pg";

/** What drizzle() returns for a node-postgres pool: the database class plus the raw pool as `$client`. */
type DrizzleDatabase<TSchema extends Record<string, unknown>> = NodePgDatabase<TSchema> & { $client: Pool };

type DrizzleTransaction<TSchema extends Record<string, unknown>> = PgTransaction<
  NodePgQueryResultHKT,
  TSchema,
  ExtractTablesWithRelations<TSchema>
>;

/**
 * Members that reach past the query builder to the connection: `$client` is
 * the raw pg pool (a query there runs outside the request's transaction and
 * principal), `_` holds drizzle's session object and, through it, the client.
 */
type ConnectionMembers = "$client" | "_";

/**
 * A nested transaction inside a plugin's database. It has no `setTransaction`
 * (SET TRANSACTION would change the isolation level or read-only mode the
 * platform chose for the request) and its own `transaction` takes no config,
 * for the same reason.
 */
export type SafeTransaction<TSchema extends Record<string, unknown> = Record<string, never>> = Omit<
  DrizzleTransaction<TSchema>,
  ConnectionMembers | "setTransaction" | "transaction"
> & {
  /** A savepoint inside this transaction; rolled back alone if `work` throws. */
  transaction<T>(work: (tx: SafeTransaction<TSchema>) => Promise<T>): Promise<T>;
};

/**
 * A plugin's database: drizzle bound to the plugin's own schema (plugin_<id>).
 * Inside a request it runs in that request's transaction, as the request's
 * principal; outside one, each statement (or each `transaction()`) runs in a
 * scope of its own as the plugin's service principal.
 *
 * What the type blocks: the raw pool (`$client`), drizzle's session (`_`),
 * transaction settings (`transaction(work, config)` and `tx.setTransaction`):
 * none of these compile. See type-tests/safe-database.typecheck.ts.
 *
 * What the type cannot block: raw SQL text. `db.execute(sql\`SET ...\`)` compiles.
 * The platform's own settings (role, principal, request id, read-only mode) are
 * set with `set_config(..., true)`, local to the scope's transaction, so a
 * change made by raw SQL ends with that transaction and never reaches the next
 * request on the pooled connection; the database grants decide what the role
 * may do meanwhile.
 */
export type SafeDatabase<TSchema extends Record<string, unknown> = Record<string, never>> = Omit<
  DrizzleDatabase<TSchema>,
  ConnectionMembers | "transaction"
> & {
  /**
   * Runs `work` atomically: a savepoint inside a request's transaction, or a
   * transaction of the plugin's own outside one. Takes no isolation or
   * access-mode config: the platform owns those.
   */
  transaction<T>(work: (tx: SafeTransaction<TSchema>) => Promise<T>): Promise<T>;
};
