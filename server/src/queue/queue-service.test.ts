import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { isDomainError, type DomainError } from "@checkstack/backend-api";
import { createRecordingLogger, servicePrincipal, type Principal, type QueueJob } from "@checkstack/backend-api";
import { useTestDatabase } from "../testing/test-database";
import { currentDbScope, runInDbScope } from "../database/db-scope";
import { rolesOfConnection } from "../database/deployment-roles";
import { createQueueService } from "./queue-service";
import { prepareQueueDatabase, startQueueStack, waitFor, type QueueTestStack } from "./queue-test-stack";

/** Retries at once, so a job reaches its dead letters in well under a second. */
const FAST_RETRIES = { delaySeconds: 0, backoff: false, maxDelaySeconds: 0 };

let instanceA: QueueTestStack;
let instanceB: QueueTestStack;

// Registered before useTestDatabase's: bun runs afterAll hooks in order, and the database is dropped in its hook.
afterAll(async () => {
  await Promise.all([instanceA?.stop(), instanceB?.stop()]);
});
const database = useTestDatabase();

beforeAll(async () => {
  await prepareQueueDatabase(database.url);
  [instanceA, instanceB] = await Promise.all([
    startQueueStack(database.url, { instanceId: "queue-a", retryTiming: FAST_RETRIES }),
    startQueueStack(database.url, { instanceId: "queue-b", retryTiming: FAST_RETRIES }),
  ]);
});

async function bossQueues(): Promise<string[]> {
  const result = await instanceA.pool.query<{ name: string }>("SELECT name FROM pgboss.queue ORDER BY name");
  return result.rows.map((row) => row.name);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function expectBadRequest(attempt: Promise<unknown>, what: string): Promise<void> {
  const outcome = await attempt.then(
    () => "accepted",
    (caught: unknown) => (isDomainError(caught) ? caught.code : `threw ${String(caught)}`),
  );
  expect({ what, outcome }).toEqual({ what, outcome: "BAD_REQUEST" });
}

/** Enqueues one job at a time and times each until its handler starts. */
async function measureLatency(
  producer: QueueTestStack,
  consumer: QueueTestStack,
  pluginId: string,
  rounds: number,
): Promise<{ p50: number; p95: number; max: number }> {
  const received = new Map<number, number>();
  const stop = await consumer.queues.forPlugin(pluginId).consume<{ n: number }>("latency", async (job) => {
    received.set(job.data.n, performance.now());
  });
  const service = producer.queues.forPlugin(pluginId);
  const latencies: number[] = [];
  try {
    for (let n = -3; n < rounds; n++) {
      const sent = performance.now();
      await service.enqueue("latency", { n });
      await waitFor(() => received.has(n), 2_000, `job ${n}`);
      // The first rounds warm up connections and pg-boss's queue cache.
      if (n >= 0) latencies.push((received.get(n) ?? Number.NaN) - sent);
    }
  } finally {
    await stop();
  }
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) };
}

describe("QueueService", () => {
  test("a job reaches a consumer on the same instance promptly, in the plugin's service scope", async () => {
    const seen: Array<{ data: unknown; principal: Principal | undefined }> = [];
    const service = instanceA.queues.forPlugin("round-trip");
    const stop = await service.consume("work", async (job) => {
      seen.push({ data: job.data, principal: currentDbScope()?.principal });
    });
    const id = await service.enqueue("work", { hello: "world" });
    expect(id).toBeString();
    await waitFor(() => seen.length === 1, 2_000, "the job");
    expect(seen[0]).toEqual({ data: { hello: "world" }, principal: servicePrincipal("round-trip") });
    await stop();

    const latency = await measureLatency(instanceA, instanceA, "latency-local", 40);
    console.info(`queue latency, same instance (ms): ${JSON.stringify(latency)}`);
    // pg-boss alone would poll every 2 s; the wake-up makes it a few milliseconds.
    expect(latency.p50).toBeLessThan(50);
  }, 15_000);

  test("a job enqueued on one instance wakes the consumer on another promptly", async () => {
    const latency = await measureLatency(instanceA, instanceB, "latency-remote", 40);
    console.info(`queue latency, across instances (ms): ${JSON.stringify(latency)}`);
    expect(latency.p50).toBeLessThan(50);
  }, 15_000);

  test("a delayed job runs no earlier than its delay, and soon after", async () => {
    const service = instanceA.queues.forPlugin("delays");
    let receivedAt = 0;
    const stop = await service.consume("later", async () => {
      receivedAt = performance.now();
    });
    const sent = performance.now();
    await service.enqueue("later", { at: "later" }, { delaySeconds: 1 });
    const stats = await service.stats("later");
    expect(stats.deferred).toBe(1);
    await waitFor(() => receivedAt > 0, 3_000, "the delayed job");
    await stop();
    const waited = receivedAt - sent;
    console.info(`delayed job: asked 1000 ms, ran after ${waited.toFixed(1)} ms`);
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(waited).toBeLessThan(1400);
  }, 15_000);

  test("higher priority runs first", async () => {
    const service = instanceA.queues.forPlugin("priorities");
    await service.enqueue("ordered", { name: "low" }, { priority: 0 });
    await service.enqueue("ordered", { name: "high" }, { priority: 10 });
    await service.enqueue("ordered", { name: "middle" }, { priority: 5 });
    await service.enqueue("ordered", { name: "negative" }, { priority: -1 });
    const order: string[] = [];
    const stop = await service.consume<{ name: string }>(
      "ordered",
      async (job) => {
        order.push(job.data.name);
      },
      { concurrency: 1 },
    );
    await waitFor(() => order.length === 4, 3_000, "four jobs");
    await stop();
    expect(order).toEqual(["high", "middle", "low", "negative"]);
  }, 15_000);

  test("a dedupe key suppresses duplicates within its window", async () => {
    const service = instanceA.queues.forPlugin("dedupe");
    const first = await service.enqueue("once", { n: 1 }, { dedupeKey: "report-42" });
    const duplicate = await service.enqueue("once", { n: 2 }, { dedupeKey: "report-42" });
    const other = await service.enqueue("once", { n: 3 }, { dedupeKey: "report-43", dedupeWindowSeconds: 3600 });
    const otherDuplicate = await service.enqueue("once", { n: 4 }, { dedupeKey: "report-43", dedupeWindowSeconds: 3600 });
    const undeduplicated = await service.enqueue("once", { n: 5 });
    expect(first).toBeString();
    expect(duplicate).toBeNull();
    expect(other).toBeString();
    expect(otherDuplicate).toBeNull();
    expect(undeduplicated).toBeString();
    expect((await service.stats("once")).queued).toBe(3);
  }, 15_000);

  test("a failing job is retried maxRetries times, then dead-lettered with its error", async () => {
    const service = instanceA.queues.forPlugin("flaky");
    let attempts = 0;
    const stop = await service.consume(
      "fragile",
      async () => {
        attempts++;
        throw new Error(`boom ${attempts}`);
      },
      { maxRetries: 3 },
    );
    await service.enqueue("fragile", { doomed: true });
    await waitFor(async () => (await service.deadLetters("fragile")).length === 1, 5_000, "the dead letter");
    // No attempt follows the dead letter.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stop();
    expect(attempts).toBe(4);
    const [dead] = await service.deadLetters("fragile", 10);
    expect(dead?.data).toEqual({ doomed: true });
    expect(dead?.error).toBe("boom 4");
    expect(dead?.failedAt).toBeInstanceOf(Date);
    expect((await service.stats("fragile")).failed).toBe(1);
  }, 15_000);

  test("dead letters are listed newest first and limited", async () => {
    const service = instanceA.queues.forPlugin("many-failures");
    const stop = await service.consume<{ n: number }>(
      "doomed",
      async (job) => {
        throw new Error(`failed ${job.data.n}`);
      },
      { maxRetries: 0, concurrency: 1 },
    );
    for (const n of [1, 2, 3]) {
      await service.enqueue("doomed", { n });
      await waitFor(async () => (await service.deadLetters("doomed")).length === n, 3_000, `dead letter ${n}`);
    }
    await stop();
    const newest = await service.deadLetters("doomed", 2);
    expect(newest.map((job) => job.data)).toEqual([{ n: 3 }, { n: 2 }]);
    expect(newest.map((job) => job.error)).toEqual(["failed 3", "failed 2"]);
    await expectBadRequest(service.deadLetters("doomed", 0), `deadLetters("doomed", 0)`);
  }, 15_000);

  test("consume sets the queue's retry policy, and a later consume changes it", async () => {
    // The production defaults: exponential backoff.
    const service = createQueueService({
      pluginId: "policy",
      boss: instanceA.boss,
      pool: instanceA.pool,
      wake: instanceA.wake,
      logger: createRecordingLogger(),
    });
    const policy = async () =>
      (
        await instanceA.pool.query<{ retry_limit: number; retry_backoff: boolean; retry_delay_max: number; expire_seconds: number; dead_letter: string }>(
          "SELECT retry_limit, retry_backoff, retry_delay_max, expire_seconds, dead_letter FROM pgboss.queue WHERE name = 'policy.jobs'",
        )
      ).rows[0];
    await service.enqueue("jobs", { before: "consume" });
    expect(await policy()).toEqual({ retry_limit: 3, retry_backoff: true, retry_delay_max: 300, expire_seconds: 60, dead_letter: "policy.jobs.dead" });
    const stop = await service.consume("jobs", async () => undefined, { maxRetries: 7, timeoutSeconds: 30 });
    expect(await policy()).toMatchObject({ retry_limit: 7, expire_seconds: 30 });
    await stop();
    const stopAgain = await service.consume("jobs", async () => undefined, { maxRetries: 1 });
    expect(await policy()).toMatchObject({ retry_limit: 1, expire_seconds: 60 });
    await stopAgain();
    await service.stopAll();
  }, 15_000);

  test("bad queue names and options are refused, and nothing is created", async () => {
    const service = instanceA.queues.forPlugin("names");
    const before = await bossQueues();
    const bad = ["", " ", "has space", "quote'd", 'double"quote', "x'); DROP TABLE pgboss.job; --", "semi;colon", "a/b", "-leading", ".leading", "ünicode", "jobs.dead", "x".repeat(200), "x".repeat(110)];
    for (const name of bad) {
      await expectBadRequest(service.enqueue(name, { n: 1 }), `enqueue(${JSON.stringify(name)}, { n: 1 })`);
      await expectBadRequest(service.consume(name, async () => undefined), `consume(${JSON.stringify(name)}, handler)`);
      await expectBadRequest(service.stats(name), `stats(${JSON.stringify(name)})`);
      await expectBadRequest(service.deadLetters(name), `deadLetters(${JSON.stringify(name)})`);
      await expectBadRequest(service.scheduleRecurring("recurring", name, { everySeconds: 5 }), `scheduleRecurring("recurring", ${JSON.stringify(name)}, { everySeconds: 5 })`);
    }
    for (const name of bad.filter((name) => name !== "jobs.dead" && name.length !== 110)) {
      await expectBadRequest(service.scheduleRecurring(name, "fine", { everySeconds: 5 }), `scheduleRecurring(${JSON.stringify(name)}, "fine", { everySeconds: 5 })`);
      await expectBadRequest(service.cancelRecurring(name), `cancelRecurring(${JSON.stringify(name)})`);
    }
    await expectBadRequest(service.enqueue("fine", { n: 1 }, { delaySeconds: -1 }), `enqueue("fine", { n: 1 }, { delaySeconds: -1 })`);
    await expectBadRequest(service.enqueue("fine", { n: 1 }, { priority: 1.5 }), `enqueue("fine", { n: 1 }, { priority: 1.5 })`);
    await expectBadRequest(service.enqueue("fine", { n: 1 }, { dedupeWindowSeconds: 10 }), `enqueue("fine", { n: 1 }, { dedupeWindowSeconds: 10 })`);
    await expectBadRequest(service.enqueue("fine", null as unknown as object), `enqueue("fine", null)`);
    await expectBadRequest(service.consume("fine", async () => undefined, { concurrency: 0 }), `consume("fine", handler, { concurrency: 0 })`);
    await expectBadRequest(service.consume("fine", async () => undefined, { timeoutSeconds: 24 * 3600 }), `consume("fine", handler, { timeoutSeconds: 24 * 3600 })`);
    await expectBadRequest(service.scheduleRecurring("r", "fine", { everySeconds: 0 }), `scheduleRecurring("r", "fine", { everySeconds: 0 })`);
    await expectBadRequest(service.scheduleRecurring("r", "fine", { everySeconds: 0.5 }), `scheduleRecurring("r", "fine", { everySeconds: 0.5 })`);
    await expectBadRequest(service.scheduleRecurring("r", "fine", { cron: "not a cron" }), `scheduleRecurring("r", "fine", { cron: "not a cron" })`);
    await expectBadRequest(service.scheduleRecurring("r", "fine", { cron: "* * * * *", timezone: "Mars/Olympus" }), `scheduleRecurring("r", "fine", { cron: "* * * * *", timezone: "Mars/Olympus" })`);
    expect(await bossQueues()).toEqual(before);
    const recurring = await instanceA.pool.query("SELECT 1 FROM checkstack.recurring_jobs WHERE plugin_id = 'names'");
    expect(recurring.rowCount).toBe(0);

    // The longest name that still leaves room for the plugin prefix and the dead-letter suffix.
    const longest = "x".repeat(120 - ".dead".length - "names.".length);
    expect(await service.enqueue(longest, { n: 1 })).toBeString();
    expect(await bossQueues()).toEqual([...before, `names.${longest}`, `names.${longest}.dead`].sort());
  }, 15_000);

  test("stats count queued, active, deferred and the oldest wait", async () => {
    const service = instanceA.queues.forPlugin("stats");
    expect(await service.stats("never-used")).toEqual({ queued: 0, active: 0, deferred: 0, failed: 0, oldestWaitingSeconds: null });
    await service.enqueue("counted", { n: 1 });
    await service.enqueue("counted", { n: 2 });
    await service.enqueue("counted", { n: 3 }, { delaySeconds: 600 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const waiting = await service.stats("counted");
    expect(waiting).toMatchObject({ queued: 2, active: 0, deferred: 1, failed: 0 });
    expect(waiting.oldestWaitingSeconds).toBeGreaterThanOrEqual(0.2);
    expect(waiting.oldestWaitingSeconds).toBeLessThan(5);

    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    const stop = await service.consume(
      "counted",
      async () => {
        started++;
        await gate;
      },
      { concurrency: 1 },
    );
    await waitFor(() => started === 1, 2_000, "the first job to start");
    expect(await service.stats("counted")).toMatchObject({ queued: 1, active: 1, deferred: 1, failed: 0 });
    release();
    await waitFor(() => started === 2, 2_000, "the second job");
    await stop();
    const done = await service.stats("counted");
    expect(done).toMatchObject({ queued: 0, active: 0, deferred: 1, failed: 0, oldestWaitingSeconds: null });
  }, 15_000);

  test("queues are per plugin: A's \"jobs\" is not B's \"jobs\"", async () => {
    const seenByA: unknown[] = [];
    const seenByB: unknown[] = [];
    const a = instanceA.queues.forPlugin("ns-a");
    const b = instanceA.queues.forPlugin("ns-b");
    const stopA = await a.consume("jobs", async (job) => void seenByA.push(job.data));
    const stopB = await b.consume("jobs", async (job) => void seenByB.push(job.data));
    await a.enqueue("jobs", { from: "a" });
    await b.enqueue("jobs", { from: "b" });
    await waitFor(() => seenByA.length === 1 && seenByB.length === 1, 2_000, "both jobs");
    await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.all([stopA(), stopB()]);
    expect(seenByA).toEqual([{ from: "a" }]);
    expect(seenByB).toEqual([{ from: "b" }]);
    expect(await bossQueues()).toEqual(expect.arrayContaining(["ns-a.jobs", "ns-a.jobs.dead", "ns-b.jobs", "ns-b.jobs.dead"]));
  }, 15_000);

  test("an enqueue in a rolled-back scope delivers nothing; in a committed scope it delivers after commit", async () => {
    const service = instanceA.queues.forPlugin("transactional");
    const seen: unknown[] = [];
    const stop = await service.consume("outbox", async (job: QueueJob<object>) => void seen.push(job.data));
    const principal = servicePrincipal("transactional");

    await expect(
      runInDbScope(instanceA.pool, { principal }, async () => {
        await service.enqueue("outbox", { outcome: "rolled back" });
        throw new Error("abort the unit of work");
      }),
    ).rejects.toThrow("abort the unit of work");

    let roleAfterEnqueue = "";
    await runInDbScope(instanceA.pool, { principal }, async () => {
      await service.enqueue("outbox", { outcome: "committed" });
      const client = await currentDbScope()?.client();
      roleAfterEnqueue = (await client?.query<{ role: string }>("SELECT current_user AS role"))?.rows[0]?.role ?? "";
      // Not visible to consumers before COMMIT.
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(seen).toEqual([]);
    });
    // The scope's transaction went back to the application role after the insert.
    expect(roleAfterEnqueue).toBe((await rolesOfConnection(instanceA.pool)).app);
    await waitFor(() => seen.length === 1, 2_000, "the committed job");
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stop();
    expect(seen).toEqual([{ outcome: "committed" }]);
    const stored = await instanceA.pool.query("SELECT data FROM pgboss.job WHERE name = 'transactional.outbox'");
    expect(stored.rows.map((row: { data: unknown }) => row.data)).toEqual([{ outcome: "committed" }]);
  }, 15_000);

  test("a second consumer of the same queue on one instance is refused", async () => {
    const service = instanceA.queues.forPlugin("single");
    const stop = await service.consume("jobs", async () => undefined);
    const refused = await service.consume("jobs", async () => undefined).catch((error: unknown) => error);
    expect((refused as DomainError).code).toBe("CONFLICT");
    await stop();
  }, 15_000);

  test("unloading a plugin stops its consumers; the service can consume again after", async () => {
    const seen: unknown[] = [];
    const service = instanceA.queues.forPlugin("unloaded");
    await service.consume("jobs", async (job) => void seen.push(job.data));
    expect(service.diagnostics().map((worker) => worker.queue)).toEqual(["unloaded.jobs"]);
    await instanceA.queues.unloadPlugin("unloaded");
    expect(service.diagnostics()).toEqual([]);
    await service.enqueue("jobs", { n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([]);

    const stop = await instanceA.queues.forPlugin("unloaded").consume("jobs", async (job) => void seen.push(job.data));
    await waitFor(() => seen.length === 1, 2_000, "the job after reloading");
    await stop();
  }, 15_000);

  test("a slow job holds only its own slot: jobs queued behind it run while it is still running", async () => {
    const service = instanceA.queues.forPlugin("slot-refill");
    let releaseSlow: () => void = () => undefined;
    const slowDone = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    const finished: number[] = [];
    const stop = await service.consume<{ n: number }>(
      "work",
      async (job) => {
        if (job.data.n === 0) await slowDone;
        finished.push(job.data.n);
      },
      { concurrency: 2 },
    );
    try {
      await service.enqueue("work", { n: 0 });
      await waitFor(async () => (await service.stats("work")).active === 1, 10_000, "the slow job to start");
      for (let n = 1; n <= 5; n++) await service.enqueue("work", { n });
      // With two slots and the first held, the five others pass through the second one.
      await waitFor(() => finished.length === 5, 20_000, "the five quick jobs");
      expect(finished).not.toContain(0);
      releaseSlow();
      await waitFor(() => finished.length === 6, 10_000, "the slow job");
    } finally {
      releaseSlow();
      await stop();
    }
  });
});

