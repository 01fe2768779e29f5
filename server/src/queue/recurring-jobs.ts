import type PgBoss from "pg-boss";
import type { Pool } from "pg";
import { DECLARE_INTERVAL, DELETE_INTERVAL } from "./queue-statements";

export interface RecurringJobRef {
  pluginId: string;
  name: string;
}

export interface IntervalDeclaration extends RecurringJobRef {
  queue: string;
  everySeconds: number;
  data: object;
}

export interface CronDeclaration extends RecurringJobRef {
  queue: string;
  cron: string;
  timezone: string;
  data: object;
}

/**
 * pg-boss keys schedules by (queue, key). The key carries the plugin, so a
 * plugin's schedule can be found by name alone, whichever queue it feeds.
 */
function scheduleKey(ref: RecurringJobRef): string {
  return `${ref.pluginId}/${ref.name}`;
}

/** Every pg-boss schedule of this recurring job (normally at most one). */
async function cronSchedules(boss: PgBoss, ref: RecurringJobRef): Promise<PgBoss.Schedule[]> {
  const key = scheduleKey(ref);
  return (await boss.getSchedules()).filter((schedule) => schedule.key === key);
}

async function dropCron(boss: PgBoss, ref: RecurringJobRef, keepQueue?: string): Promise<void> {
  for (const schedule of await cronSchedules(boss, ref)) {
    if (schedule.name !== keepQueue) await boss.unschedule(schedule.name, schedule.key);
  }
}

async function dropInterval(pool: Pool, ref: RecurringJobRef): Promise<void> {
  await pool.query(DELETE_INTERVAL, [ref.pluginId, ref.name]);
}

/**
 * Declares an interval schedule. Every instance may declare the same one at
 * boot: an unchanged declaration writes nothing and keeps the schedule's
 * phase. A new interval applies at once: the next run moves earlier if the
 * new interval is due sooner, and the run after follows the new interval.
 * The first run of a new schedule is one interval from now.
 */
export async function declareInterval(pool: Pool, boss: PgBoss, declaration: IntervalDeclaration): Promise<void> {
  await pool.query(DECLARE_INTERVAL, [declaration.pluginId, declaration.name, declaration.queue, declaration.everySeconds, JSON.stringify(declaration.data)]);
  // A schedule that was cron before is cron no longer.
  await dropCron(boss, declaration);
}

/**
 * Declares a cron schedule in pg-boss. pg-boss sends once per tick across
 * instances: one instance per cron_on period evaluates the schedules
 * (trySetCronTime), and the send is deduplicated by a per-minute singleton
 * key (`<queue>__<key>`, singletonSeconds 60), so the minute is the finest
 * granularity.
 */
export async function declareCron(pool: Pool, boss: PgBoss, declaration: CronDeclaration): Promise<void> {
  // Scheduled first: a rejected expression leaves the previous schedule in place.
  await boss.schedule(declaration.queue, declaration.cron, declaration.data, { tz: declaration.timezone, key: scheduleKey(declaration) });
  await dropInterval(pool, declaration);
  await dropCron(boss, declaration, declaration.queue);
}

/** Removes the schedule of either kind; no job is enqueued for it after this returns. */
export async function cancelRecurring(pool: Pool, boss: PgBoss, ref: RecurringJobRef): Promise<void> {
  await dropInterval(pool, ref);
  await dropCron(boss, ref);
}

/** For tests and diagnostics: the pg-boss schedules behind a cron declaration. */
export function cronSchedulesOf(boss: PgBoss, ref: RecurringJobRef): Promise<PgBoss.Schedule[]> {
  return cronSchedules(boss, ref);
}
