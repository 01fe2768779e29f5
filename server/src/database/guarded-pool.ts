import pg, { type ClientConfig, type PoolConfig } from "pg";

/** Receives every connection error of a guarded client, checked out or idle. */
export type ConnectionErrorHandler = (error: Error) => void;

/**
 * A pg Client class whose instances listen for `error` from birth to death.
 *
 * pg-pool listens for a client's `error` only while the client is idle and
 * removes that listener at checkout; a connection cut while a client is checked
 * out (a database restart, pg_terminate_backend, a failover) then emits
 * `error` with no listener, which ends the process. With this listener the
 * in-flight query still fails (its caller sees the error and retries or
 * answers 503), the pool drops the dead client at release, and the instance
 * carries on with fresh connections once the database is back.
 */
export function guardedClientClass(onError: ConnectionErrorHandler): typeof pg.Client {
  return class GuardedClient extends pg.Client {
    constructor(config?: string | ClientConfig) {
      super(config);
      this.on("error", onError);
    }
  };
}

/** A pg Pool of guarded clients: no connection error can become an uncaught 'error' event. */
export function createGuardedPool(config: PoolConfig, onError: ConnectionErrorHandler): pg.Pool {
  const pool = new pg.Pool({ ...config, Client: guardedClientClass(onError) });
  // An idle client's error reaches the pool too; the client's own listener has reported it already.
  pool.on("error", () => undefined);
  return pool;
}
