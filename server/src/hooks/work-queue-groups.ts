import type PgBoss from "pg-boss";
import { pluginIdSchema } from "@checkstack/common";
import type { HookSubscribeOptions } from "@checkstack/backend-api";
import { assertQueueName, deadLetterQueueName } from "../messaging/queue-names";

export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_TIMEOUT_SECONDS = 60;
/** Finished hook jobs are kept this long for inspection, then pruned by pg-boss. */
const KEEP_FINISHED_SECONDS = 3600;

/** Groups are namespaced by plugin: two plugins naming the same group still each get every event. */
export function workQueueName(hookId: string, pluginId: string, workerGroup: string | undefined): string {
  pluginIdSchema.parse(pluginId);
  return assertQueueName(`hook.${hookId}.${pluginId}.${workerGroup ?? "default"}`);
}

export function isHookQueue(queue: string): boolean {
  return queue.startsWith("hook.") && !queue.endsWith(".dead");
}

/** Creates the group's queue and its dead-letter queue (both idempotent), with the subscription's retry policy. */
export async function ensureWorkQueue(boss: PgBoss, queue: string, options: HookSubscribeOptions): Promise<void> {
  const deadLetter = deadLetterQueueName(queue);
  await boss.createQueue(deadLetter, { retentionSeconds: 14 * 24 * 3600, deleteAfterSeconds: 14 * 24 * 3600 });
  const policy = {
    retryLimit: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    retryBackoff: true,
    retryDelay: 1,
    retryDelayMax: 300,
    expireInSeconds: options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    deleteAfterSeconds: KEEP_FINISHED_SECONDS,
    deadLetter,
  };
  // pg-boss writes defaults into the options object it is given: each call gets its own copy.
  await boss.createQueue(queue, { ...policy });
  // createQueue keeps an existing queue's settings; a changed maxRetries must still apply.
  await boss.updateQueue(queue, { ...policy });
}
