import type PgBoss from "pg-boss";
import { Pool } from "pg";
import { createRecordingLogger, type RecordedLog } from "@checkstack/backend-api";
import { migratePlatform } from "../database/platform-database";
import { applySqlFiles } from "../database/sql-files";
import { WakeChannel } from "../messaging/wake-channel";
import { startBoss } from "./boss-factory";
import { PluginQueueServices } from "./plugin-queue-services";
import type { RetryTiming } from "./queue-setup";

/**
 * For tests: what one platform instance holds for job queues (its own pool,
 * pg-boss and LISTEN connection), so several stacks on one database stand in
 * for several instances.
 */
export interface QueueTestStack {
  pool: Pool;
  boss: PgBoss;
  wake: WakeChannel;
  queues: PluginQueueServices;
  logs: RecordedLog[];
  stop(): Promise<void>;
}

export async function prepareQueueDatabase(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    await migratePlatform(pool);
    await applySqlFiles(pool);
  } finally {
    await pool.end();
  }
}

export async function startQueueStack(
  url: string,
  options: { instanceId: string; retryTiming?: RetryTiming; tickerIntervalMs?: number },
): Promise<QueueTestStack> {
  const logs: RecordedLog[] = [];
  const logger = createRecordingLogger(logs, { instance: options.instanceId });
  const pool = new Pool({ connectionString: url, max: 6 });
  // pool.end() resolves before its sockets have closed; the database dropped right after can cut them.
  pool.on("error", (error) => logger.debug("test pool connection failed", { error }));
  const boss = await startBoss({ connectionString: url, pool, logger, instanceId: options.instanceId });
  const wake = new WakeChannel(url, pool, logger, `test-listen:${options.instanceId}`);
  await wake.start();
  const queues = new PluginQueueServices({
    boss,
    pool,
    wake,
    logger,
    ...(options.retryTiming ? { retryTiming: options.retryTiming } : {}),
    ...(options.tickerIntervalMs !== undefined ? { tickerIntervalMs: options.tickerIntervalMs } : {}),
  });
  queues.start();
  return {
    pool,
    boss,
    wake,
    queues,
    logs,
    stop: async () => {
      await queues.stop();
      await wake.stop();
      await boss.stop({ close: true, graceful: false });
      await pool.end();
    },
  };
}

/** Polls `check` every few milliseconds until it holds, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
