import type { Pool } from "pg";
import type PgBoss from "pg-boss";
import type { Logger } from "@checkstack/backend-api";
import { DistributedHookBus } from "./distributed-hook-bus";
import { WakeChannel } from "../messaging/wake-channel";

export interface HookBusOptions {
  pool: Pool;
  boss: PgBoss;
  connectionString: string;
  logger: Logger;
  instanceId: string;
}

/** The hook bus with its LISTEN connection (the instance's one dedicated connection). */
export async function createHookBus(options: HookBusOptions): Promise<{ bus: DistributedHookBus; wake: WakeChannel }> {
  const wake = new WakeChannel(options.connectionString, options.pool, options.logger, `checkstack-listen:${options.instanceId}`);
  await wake.start();
  const bus = new DistributedHookBus({ pool: options.pool, boss: options.boss, wake, logger: options.logger });
  return { bus, wake };
}
