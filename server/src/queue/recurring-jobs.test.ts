import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { InputError, type DomainError } from "@checkstack/backend-api";
import { useTestDatabase } from "../testing/test-database";
import { prepareQueueDatabase, startQueueStack, waitFor, type QueueTestStack } from "./queue-test-stack";

const INSTANCES = 3;
let stacks: QueueTestStack[] = [];

// Registered before useTestDatabase's: bun runs afterAll hooks in order, and the database is dropped in its hook.
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.stop()));
});
const database = useTestDatabase();

beforeAll(async () => {
  await prepareQueueDatabase(database.url);
  stacks = await Promise.all(Array.from({ length: INSTANCES }, (_, n) => startQueueStack(database.url, { instanceId: `recurring-${n}` })));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stack(n: number): QueueTestStack {
  const found = stacks[n];
  if (!found) throw new Error(`no stack ${n}`);
  return found;
}

async function query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await stack(0).pool.query<Row>(sql, params)).rows;
}

/** Jobs pg-boss holds for the queue, oldest first: the ground truth, whoever consumed them. */
async function jobs(queue: string): Promise<Array<{ id: string; data: unknown; created: number }>> {
  return query<{ id: string; data: unknown; created: number }>(
    "SELECT id, data, extract(epoch FROM created_on)::float8 AS created FROM pgboss.job WHERE name = $1 ORDER BY created_on",
    [queue],
  );
}

async function schedules(pluginId: string): Promise<Array<{ name: string; every_seconds: number; next_run_at: Date; data: unknown }>> {
  return query("SELECT name, every_seconds, next_run_at, data FROM checkstack.recurring_jobs WHERE plugin_id = $1", [pluginId]);
}

describe("recurring jobs across instances", () => {
  test("the same everySeconds schedule declared by every instance at once yields one job per tick", async () => {
    const handled: string[] = [];
    const services = stacks.map((instance) => instance.queues.forPlugin("ticking"));
    const stops = await Promise.all(services.map((service) => service.consume("ticks", async (job) => void handled.push(job.id))));

    await Promise.all(services.map((service) => service.scheduleRecurring("heartbeat", "ticks", { everySeconds: 1 }, { beat: 1 })));
    const [declared] = await schedules("ticking");
    expect(await schedules("ticking")).toHaveLength(1);
    expect(declared?.every_seconds).toBe(1);
    // Redeclaring unchanged, as every instance does at boot, keeps the schedule's phase.
    await Promise.all(services.map((service) => service.scheduleRecurring("heartbeat", "ticks", { everySeconds: 1 }, { beat: 1 })));
    expect((await schedules("ticking"))[0]?.next_run_at).toEqual(declared?.next_run_at as Date);

    await sleep(5_200);
    const [{ due } = { due: 0 }] = await query<{ due: number }>(
      "SELECT floor(extract(epoch FROM now() - $1::timestamptz))::int + 1 AS due",
      [declared?.next_run_at],
    );
    const produced = await jobs("ticking.ticks");
    const gaps = produced.slice(1).map((job, n) => job.created - (produced[n]?.created ?? 0));
    const firstTick = (declared?.next_run_at.getTime() ?? 0) / 1000;
    const lateMs = produced.map((job, n) => ((job.created - (firstTick + n)) * 1000).toFixed(0));
    console.info(
      `interval schedule over ${INSTANCES} instances: ${due} ticks due, ${produced.length} jobs, gaps (s) ${gaps.map((gap) => gap.toFixed(2)).join(" ")}, each created after its tick (ms) ${lateMs.join(" ")}`,
    );
    // The newest tick may not be claimed yet (each instance looks every 500 ms); none is claimed twice.
    expect(produced.length).toBeGreaterThanOrEqual(due - 1);
    expect(produced.length).toBeLessThanOrEqual(due);
    expect(due).toBeGreaterThanOrEqual(5);
    for (const gap of gaps) expect(gap).toBeGreaterThan(0.3);
    expect(produced.every((job) => JSON.stringify(job.data) === JSON.stringify({ beat: 1 }))).toBe(true);

    // Each job is handled once, by one of the instances.
    await waitFor(() => handled.length >= produced.length, 3_000, "consumers to catch up");
    expect(new Set(handled).size).toBe(handled.length);

    // New data, same interval: the phase stays, the next job carries the new data.
    await services[1]?.scheduleRecurring("heartbeat", "ticks", { everySeconds: 1 }, { beat: 2 });
    expect((await schedules("ticking"))[0]?.next_run_at.getTime() ?? 0).toBeGreaterThan(declared?.next_run_at.getTime() ?? 0);
    const before = produced.length;
    await waitFor(async () => (await jobs("ticking.ticks")).length > before + 1, 3_000, "a job with the new data");
    expect((await jobs("ticking.ticks")).at(-1)?.data).toEqual({ beat: 2 });

    await services[0]?.cancelRecurring("heartbeat");
    await Promise.all(stops.map((stop) => stop()));
  }, 20_000);

  test("a changed interval applies at once", async () => {
    const [first, second, third] = stacks.map((instance) => instance.queues.forPlugin("changing"));
    await first?.scheduleRecurring("poll", "polls", { everySeconds: 60 }, { v: 1 });
    await sleep(1_200);
    expect(await jobs("changing.polls")).toHaveLength(0);

    const shortened = performance.now();
    await second?.scheduleRecurring("poll", "polls", { everySeconds: 1 }, { v: 2 });
    await waitFor(async () => (await jobs("changing.polls")).length === 1, 2_000, "the first job after shortening");
    console.info(`interval 60 s -> 1 s: first job after ${(performance.now() - shortened).toFixed(0)} ms`);
    expect((await jobs("changing.polls"))[0]?.data).toEqual({ v: 2 });
    await waitFor(async () => (await jobs("changing.polls")).length === 3, 3_000, "two more at 1 s");

    await third?.scheduleRecurring("poll", "polls", { everySeconds: 3 }, { v: 3 });
    const lengthened = (await jobs("changing.polls")).length;
    await sleep(4_000);
    const added = (await jobs("changing.polls")).length - lengthened;
    // At most the tick already due within a second, then one 3 s later.
    expect(added).toBeGreaterThanOrEqual(1);
    expect(added).toBeLessThanOrEqual(2);
    expect((await schedules("changing"))[0]?.every_seconds).toBe(3);
    await first?.cancelRecurring("poll");
  }, 20_000);

  test("missed ticks are skipped, not fired in a burst", async () => {
    const service = stack(0).queues.forPlugin("catching-up");
    await service.scheduleRecurring("sweep", "sweeps", { everySeconds: 1 });
    // As if the whole cluster had been down for ten ticks.
    await query("UPDATE checkstack.recurring_jobs SET next_run_at = now() - interval '10 seconds' WHERE plugin_id = 'catching-up'");
    await waitFor(async () => (await jobs("catching-up.sweeps")).length >= 1, 2_000, "the overdue job");
    await sleep(300);
    expect((await jobs("catching-up.sweeps")).length).toBe(1);
    const [row] = await query<{ ahead: number }>(
      "SELECT extract(epoch FROM next_run_at - now())::float8 AS ahead FROM checkstack.recurring_jobs WHERE plugin_id = 'catching-up'",
    );
    expect(row?.ahead).toBeGreaterThan(0);
    expect(row?.ahead).toBeLessThanOrEqual(1);
    await service.cancelRecurring("sweep");
  }, 20_000);

  test("cancelRecurring stops the schedule at once, from any instance", async () => {
    await stack(0).queues.forPlugin("cancelling").scheduleRecurring("brief", "briefs", { everySeconds: 1 });
    await waitFor(async () => (await jobs("cancelling.briefs")).length >= 2, 3_500, "two jobs");
    await stack(2).queues.forPlugin("cancelling").cancelRecurring("brief");
    const atCancel = (await jobs("cancelling.briefs")).length;
    expect(await schedules("cancelling")).toHaveLength(0);
    await sleep(2_200);
    expect((await jobs("cancelling.briefs")).length).toBe(atCancel);
  }, 20_000);

  test("a cron schedule declared by two instances is stored once; switching kinds and cancelling clean up", async () => {
    const [first, second] = stacks.map((instance) => instance.queues.forPlugin("cron"));
    const cronSchedules = () =>
      query<{ name: string; key: string; cron: string; timezone: string; data: unknown }>(
        "SELECT name, key, cron, timezone, data FROM pgboss.schedule WHERE key LIKE 'cron/%' ORDER BY name",
      );
    await Promise.all(
      [first, second].map((service) => service?.scheduleRecurring("nightly", "reports", { cron: "0 3 * * *", timezone: "Europe/Berlin" }, { report: "daily" })),
    );
    expect(await cronSchedules()).toEqual([{ name: "cron.reports", key: "cron/nightly", cron: "0 3 * * *", timezone: "Europe/Berlin", data: { report: "daily" } }]);
    expect((await stack(0).boss.getSchedules()).filter((schedule) => schedule.key === "cron/nightly")).toHaveLength(1);

    // An expression pg-boss cannot parse is refused and leaves the schedule as it was.
    const refused = await first?.scheduleRecurring("nightly", "reports", { cron: "99 * * * *" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as DomainError).code).toBe("BAD_REQUEST");
    expect((await cronSchedules())[0]?.cron).toBe("0 3 * * *");

    // Cron -> interval: the pg-boss schedule goes, the table row comes.
    await second?.scheduleRecurring("nightly", "reports", { everySeconds: 3600 });
    expect(await cronSchedules()).toEqual([]);
    expect(await schedules("cron")).toHaveLength(1);

    // Interval -> cron on another queue: one schedule, on the new queue.
    await first?.scheduleRecurring("nightly", "other-reports", { cron: "*/5 * * * *" });
    expect(await schedules("cron")).toHaveLength(0);
    expect((await cronSchedules()).map(({ name, timezone }) => ({ name, timezone }))).toEqual([{ name: "cron.other-reports", timezone: "UTC" }]);
    await first?.scheduleRecurring("nightly", "reports", { cron: "*/5 * * * *" });
    expect((await cronSchedules()).map(({ name }) => name)).toEqual(["cron.reports"]);

    await second?.cancelRecurring("nightly");
    expect(await cronSchedules()).toEqual([]);
  }, 20_000);

  test("no instance logged a warning or an error", () => {
    const problems = stacks.flatMap((instance) => instance.logs).filter((record) => record.level === "warn" || record.level === "error");
    expect(problems.map(({ level, message, fields }) => ({ level, message, error: String(fields["error"]) }))).toEqual([]);
  });
});
