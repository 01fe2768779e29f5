// Test support shared by the scheduler's database tests (lease fencing, lease renewal): one fresh database
// with the plugin's migrations, a pool on it, emptied before each test, and a logger that records lines.
import { afterAll, beforeAll, beforeEach } from "bun:test";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import type { Logger } from "@checkstack/backend-api";
import { getTestServerUrl, usePluginTestDatabase } from "@checkstack/test-utils";
import * as schema from "../schema";
import type { HealthcheckDatabase } from "./claim";

/** One line the recording logger received. */
export interface LoggedLine {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  fields: Record<string, unknown> | undefined;
}

/** What a scheduler test file works with; `pool` and `database` exist once the file's beforeAll ran. */
export interface SchedulerTestDatabase {
  pool(): Pool;
  database(): HealthcheckDatabase;
  query<T extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** Every line logged since the current test began. */
  logged: LoggedLine[];
  logger: Logger;
}

/**
 * Registers the file's hooks: the test server (more than a hook's default 5 s on a loaded machine), the
 * plugin's migrations on a fresh database (no platform, no scheduler loop: each step is driven by hand),
 * and the health-check tables truncated before each test.
 */
export function useSchedulerTestDatabase(): SchedulerTestDatabase {
  beforeAll(() => getTestServerUrl(), 120_000);
  const testDatabase = usePluginTestDatabase({ pluginId: "healthcheck", pluginDir: fileURLToPath(new URL("../..", import.meta.url)) });
  let pool: Pool | undefined;
  let database: HealthcheckDatabase | undefined;
  const logged: LoggedLine[] = [];
  const record = (level: LoggedLine["level"]) => (message: string, fields?: Record<string, unknown>) => void logged.push({ level, message, fields });
  const logger: Logger = { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error"), child: () => logger };
  const openPool = (): Pool => {
    if (!pool) throw new Error("the scheduler test database is used before its beforeAll ran");
    return pool;
  };

  beforeAll(() => {
    pool = new Pool({ connectionString: testDatabase.url, max: 4 });
    pool.on("error", () => undefined); // the database is dropped (with its connections) after the file
    database = drizzle(pool, { schema });
  });
  afterAll(async () => {
    await pool?.end();
  });
  beforeEach(async () => {
    logged.length = 0;
    await openPool().query("TRUNCATE checks, check_systems, schedule, runs, check_state, system_status, system_thresholds CASCADE");
  });

  return {
    pool: openPool,
    database: () => {
      if (!database) throw new Error("the scheduler test database is used before its beforeAll ran");
      return database;
    },
    query: async <T extends Record<string, unknown>>(text: string, values: unknown[] = []) => (await openPool().query<T>(text, values)).rows,
    logged,
    logger,
  };
}
