/**
 * Hook delivery between two instances (two independent stacks: pool, pg-boss,
 * LISTEN connection) on one database, beside baselines measured in the same
 * run on the same database: a raw NOTIFY round trip, and raw pg-boss send/work.
 * Targets: broadcast p99 < 50 ms; work-queue >= 2,000 jobs/s with p50 < 50 ms.
 */
import { Client } from "pg";
import { createHook, createRecordingLogger } from "@checkstack/backend-api";
import { createTestDatabase } from "../src/testing/test-database";
import { DistributedHookBus } from "../src/hooks/distributed-hook-bus";
import { applySqlFiles } from "../src/database/sql-files";
import { prepareQueueDatabase, startQueueStack, type QueueTestStack } from "../src/queue/queue-test-stack";
import { fmt, printTable, summarise } from "./bench-stats";

const LATENCY_EVENTS = Number(process.env["BENCH_LATENCY_EVENTS"] ?? 400);
const THROUGHPUT_JOBS = Number(process.env["BENCH_JOBS"] ?? 10_000);
const EMITTERS = 32;

const now = () => performance.timeOrigin + performance.now();

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("benchmark timed out");
    await Bun.sleep(5);
  }
}

async function inParallel(total: number, workers: number, task: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

async function rawNotifyLatency(url: string): Promise<number[]> {
  const listener = new Client({ connectionString: url });
  const sender = new Client({ connectionString: url });
  await Promise.all([listener.connect(), sender.connect()]);
  const samples: number[] = [];
  listener.on("notification", (message) => samples.push(now() - Number(message.payload)));
  await listener.query("LISTEN bench_raw");
  for (let i = 0; i < LATENCY_EVENTS; i++) {
    await sender.query("SELECT pg_notify('bench_raw', $1)", [String(now())]);
    await Bun.sleep(2);
  }
  await waitUntil(() => samples.length >= LATENCY_EVENTS, 10_000);
  await Promise.all([listener.end(), sender.end()]);
  return samples;
}

async function broadcastLatency(from: DistributedHookBus, to: DistributedHookBus): Promise<number[]> {
  const hook = createHook<{ sentAt: number }>("bench.broadcast");
  const samples: number[] = [];
  to.subscribe("bench", hook, ({ sentAt }) => void samples.push(now() - sentAt));
  await to.settle();
  for (let i = 0; i < LATENCY_EVENTS; i++) {
    await from.emit(hook, { sentAt: now() });
    await Bun.sleep(2);
  }
  await waitUntil(() => samples.length >= LATENCY_EVENTS, 20_000);
  return samples;
}

async function workQueueRun(a: DistributedHookBus, b: DistributedHookBus): Promise<{ seconds: number; latencies: number[] }> {
  const hook = createHook<{ sentAt: number }>("bench.work");
  const latencies: number[] = [];
  const handler = ({ sentAt }: { sentAt: number }) => void latencies.push(now() - sentAt);
  a.subscribe("bench", hook, handler, { mode: "work-queue", workerGroup: "w" });
  b.subscribe("bench", hook, handler, { mode: "work-queue", workerGroup: "w" });
  await Promise.all([a.settle(), b.settle()]);
  const started = now();
  await inParallel(THROUGHPUT_JOBS, EMITTERS, (i) => (i % 2 ? a : b).emit(hook, { sentAt: now() }));
  await waitUntil(() => latencies.length >= THROUGHPUT_JOBS, 120_000);
  return { seconds: (now() - started) / 1000, latencies };
}

async function rawBossRun(a: QueueTestStack, b: QueueTestStack): Promise<{ seconds: number; latencies: number[] }> {
  const queue = "bench-raw";
  await a.boss.createQueue(queue);
  const latencies: number[] = [];
  const work = (stack: QueueTestStack) =>
    stack.boss.work<{ sentAt: number }>(queue, { batchSize: 50, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) latencies.push(now() - job.data.sentAt);
    });
  await Promise.all([work(a), work(b)]);
  const started = now();
  await inParallel(THROUGHPUT_JOBS, EMITTERS, (i) => (i % 2 ? a : b).boss.send(queue, { sentAt: now() }));
  await waitUntil(() => latencies.length >= THROUGHPUT_JOBS, 120_000);
  const seconds = (now() - started) / 1000;
  await Promise.all([a.boss.offWork(queue), b.boss.offWork(queue)]);
  return { seconds, latencies };
}

function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

export async function runHooksBench(): Promise<void> {
  const database = await createTestDatabase();
  await prepareQueueDatabase(database.url);
  const stacks = [await startQueueStack(database.url, { instanceId: "bench-a" }), await startQueueStack(database.url, { instanceId: "bench-b" })];
  await applySqlFiles(stacks[0]!.pool);
  const [stackA, stackB] = stacks as [QueueTestStack, QueueTestStack];
  const logger = createRecordingLogger();
  const busA = new DistributedHookBus({ pool: stackA.pool, boss: stackA.boss, wake: stackA.wake, logger });
  const busB = new DistributedHookBus({ pool: stackB.pool, boss: stackB.boss, wake: stackB.wake, logger });
  await Promise.all([busA.start(), busB.start()]);
  try {
    const raw = summarise(await rawNotifyLatency(database.url));
    const broadcast = summarise(await broadcastLatency(busA, busB));
    printTable(`Broadcast delivery latency, instance A -> instance B (${LATENCY_EVENTS} events, ms)`, [
      { path: "hook broadcast (outbox + NOTIFY wake + read)", p50: fmt(broadcast.p50, 2), p99: fmt(broadcast.p99, 2), max: fmt(broadcast.max, 2), "p99 x baseline": fmt(broadcast.p99 / raw.p99), target: "p99 < 50" },
      { path: "baseline: raw NOTIFY round trip", p50: fmt(raw.p50, 2), p99: fmt(raw.p99, 2), max: fmt(raw.max, 2), "p99 x baseline": "1.0", target: "" },
    ]);

    const rawRun = await rawBossRun(stackA, stackB);
    const hookRun = await workQueueRun(busA, busB);
    const rawLatency = summarise(rawRun.latencies);
    const hookLatency = summarise(hookRun.latencies);
    const hookRate = THROUGHPUT_JOBS / hookRun.seconds;
    const rawRate = THROUGHPUT_JOBS / rawRun.seconds;
    printTable(`Work-queue: ${THROUGHPUT_JOBS} events, ${EMITTERS} concurrent emitters, consumers on both instances`, [
      { path: "hook work-queue", "jobs/s": fmt(hookRate, 0), "p50 ms": fmt(hookLatency.p50), "p99 ms": fmt(hookLatency.p99), "jobs/s x baseline": fmt(hookRate / rawRate, 2), target: ">= 2000/s, p50 < 50" },
      { path: "baseline: raw pg-boss send/work (0.5 s polling)", "jobs/s": fmt(rawRate, 0), "p50 ms": fmt(rawLatency.p50), "p99 ms": fmt(rawLatency.p99), "jobs/s x baseline": "1.00", target: "" },
    ]);

    const memoryHook = createHook<{ i: number }>("bench.memory");
    let received = 0;
    busB.subscribe("bench", memoryHook, () => void received++);
    await busB.settle();
    const before = rssMb();
    await inParallel(20_000, 16, (i) => busA.emit(memoryHook, { i }));
    await waitUntil(() => received >= 20_000, 60_000);
    Bun.gc(true);
    const after = rssMb();
    printTable("Memory while 20,000 broadcast events pass through (this process holds both instances)", [
      { "RSS before MB": fmt(before), "RSS after MB": fmt(after), "growth MB": fmt(after - before), "outbox gaps tracked": busB.diagnostics().outboxGaps },
    ]);
  } finally {
    await Promise.all([busA.stop(), busB.stop()]);
    for (const stack of stacks) await stack.stop();
    await database.drop();
  }
}

if (import.meta.main) {
  await runHooksBench();
  const { stopTestServer } = await import("../src/testing/test-database");
  await stopTestServer();
}
