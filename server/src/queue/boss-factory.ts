import PgBoss from "pg-boss";
import type pg from "pg";
import type { Pool } from "pg";
import type { Logger } from "@checkstack/backend-api";
import { withAdvisoryLock } from "../database/advisory-lock";

export interface BossOptions {
  connectionString: string;
  pool: Pool;
  logger: Logger;
  instanceId: string;
  /** Connections of pg-boss's own pool. */
  max?: number;
  /** Where pg-boss's errors go; logged as errors by default. */
  onError?: (error: unknown) => void;
  /**
   * The client class of pg-boss's pool (see guarded-pool.ts): pg-boss hands its
   * config to pg's Pool, so a guarded class keeps its checked-out connections
   * from ending the process when they are cut.
   */
  Client?: typeof pg.Client;
}

/**
 * pg-boss on its own small pool, in schema "pgboss". Its schema install runs
 * under our advisory lock so instances booting together do not race.
 * Expired jobs are failed (and so retried elsewhere) within a few seconds, and
 * finished jobs are pruned every five minutes.
 */
export async function startBoss(options: BossOptions): Promise<PgBoss> {
  // Not in pg-boss's option types, but passed through to pg's Pool unchanged.
  const poolClass = options.Client ? { Client: options.Client } : {};
  const boss = new PgBoss({
    ...poolClass,
    connectionString: options.connectionString,
    schema: "pgboss",
    max: options.max ?? 4,
    application_name: `checkstack-jobs:${options.instanceId}`.slice(0, 63),
    superviseIntervalSeconds: 2,
    monitorIntervalSeconds: 2,
    maintenanceIntervalSeconds: 300,
  });
  boss.on("error", options.onError ?? ((error) => options.logger.error("job queue error", { error })));
  await withAdvisoryLock(options.pool, "pg-boss-install", async () => {
    await boss.start();
  });
  return boss;
}
