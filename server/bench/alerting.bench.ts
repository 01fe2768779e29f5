/**
 * Alerting (issue 16): time from a system's status change being emitted to the first byte of its
 * webhook at a local receiver, p50/p99 over 1,000 changes, beside the hook bus's own work-queue
 * latency for the same events in the same run; then deliveries per second with three instances
 * (this process and two servers) against a fast local receiver.
 * Targets: p99 < 500 ms and within 2x of the bus; >= 1,000 deliveries/s.
 */
import type { Subprocess } from "bun";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Principal } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";
import { healthcheckHooks, type SystemTransition } from "@checkstack/healthcheck-common";
import { NotificationApi } from "@checkstack/notification-common";
import { runInDbScope } from "../src/database/db-scope";
import { createJsonLogger } from "../src/logging/json-logger";
import { bootPlatform, type Platform } from "../src/platform";
import { readPlatformEnv } from "../src/platform-env";
import { createTestDatabase } from "../src/testing/test-database";
import { fmt, printTable, summarise } from "./bench-stats";
import { startProcess } from "./rpc.bench";

const TRANSITIONS = Number(process.env["BENCH_ALERT_TRANSITIONS"] ?? 1000);
const THROUGHPUT_SYSTEMS = Number(process.env["BENCH_ALERT_DELIVERIES"] ?? 1500);
const RULE_SIZE = 500;
const now = () => performance.timeOrigin + performance.now();
const admin: Principal = { type: "user", id: "bench-admin", roles: ["admin"] };

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`benchmark timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

async function inParallel(total: number, workers: number, task: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < total) await task(next++);
  }));
}

/**
 * Time each job waited in its queue (created -> started) and ran (started -> completed): the
 * transition's hook job, the delivery job, and the bench's own bus subscriber for comparison.
 */
async function printQueueStages(platform: Platform, title: string): Promise<void> {
  const stages = await platform.pool.query<{ queue: string; jobs: number; wait_p50: number; wait_p99: number; run_p50: number; run_p99: number }>(`
    SELECT name AS queue, count(*)::int AS jobs,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_on - created_on)) * 1000)::int AS wait_p50,
           round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM started_on - created_on)) * 1000)::int AS wait_p99,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_on - started_on)) * 1000)::int AS run_p50,
           round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM completed_on - started_on)) * 1000)::int AS run_p99
      FROM pgboss.job
     WHERE (name = 'notification.deliver' OR name LIKE 'hook.healthcheck.system.%') AND completed_on IS NOT NULL
     GROUP BY name ORDER BY name`);
  printTable(title, stages.rows.map((row) => ({ queue: row.queue, jobs: row.jobs, "wait p50": row.wait_p50, "wait p99": row.wait_p99, "run p50": row.run_p50, "run p99": row.run_p99 })));
}

export async function runAlertingBench(): Promise<void> {
  const database = await createTestDatabase();
  const dirs = await Promise.all([0, 1, 2].map(() => mkdtemp(join(tmpdir(), "checkstack-bench-alerting-"))));
  const secretKey = randomBytes(32).toString("hex");
  const children: Subprocess[] = [];
  const arrivals = new Map<string, number>();
  let arrived = 0;
  const receiver = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (request) => {
      const at = now();
      const body = (await request.json()) as { kind: string; systems: Array<{ id: string }> };
      arrived++;
      const key = `${body.systems[0]?.id}:${body.kind}`;
      if (!arrivals.has(key)) arrivals.set(key, at);
      return new Response(null, { status: 204 });
    },
  });
  let platform: Platform | undefined;
  try {
    const env = readPlatformEnv({ DATABASE_URL: database.url, CHECKSTACK_DATA_DIR: dirs[0], CHECKSTACK_SECRET_KEY: secretKey, LOG_LEVEL: "warn", DB_POOL_MAX: "20" });
    platform = await bootPlatform(env, createJsonLogger({ level: "warn" }));
    const booted = platform;
    await booted.pool.query("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'bench-admin', 'admin')");
    const as = <T>(work: () => Promise<T>) => runInDbScope(booted.pool, { principal: admin }, work);
    const catalog = () => booted.clientFor("bench").forPlugin(CatalogApi, { actAs: "caller" });
    const notification = () => booted.clientFor("bench").forPlugin(NotificationApi, { actAs: "caller" });

    const systemCount = TRANSITIONS / 2 + THROUGHPUT_SYSTEMS;
    const systemIds: string[] = [];
    await inParallel(systemCount, 8, async (n) => {
      systemIds[n] = (await as(() => catalog().createSystem({ name: `bench-${n}` }))).id;
    });
    const channel = await as(() =>
      notification().createChannel({ name: "bench", kind: "webhook", config: { url: `http://127.0.0.1:${receiver.port}/hook`, secret: `whsec_${randomBytes(32).toString("base64")}` } }),
    );
    for (let start = 0; start < systemIds.length; start += RULE_SIZE) {
      const selection = { systemIds: systemIds.slice(start, start + RULE_SIZE) };
      await as(() => notification().createRule({ name: `bench ${start}`, selection, channelIds: [channel.id], groupingSeconds: 0 }));
    }

    // The bus's own latency for the same events: a second work-queue subscriber, beside alerting's.
    const busArrivals = new Map<string, number>();
    for (const hook of [healthcheckHooks.systemUnhealthy, healthcheckHooks.systemHealthy]) {
      booted.hooks.subscribe("bench", hook, (transition) => void busArrivals.set(`${transition.systemId}:${transition.status}`, now()), { mode: "work-queue", workerGroup: "bench" });
    }
    await booted.hooks.settle();

    const emit = (systemId: string, previous: SystemTransition["previous"], status: "healthy" | "unhealthy") =>
      booted.hooks.emit(status === "healthy" ? healthcheckHooks.systemHealthy : healthcheckHooks.systemUnhealthy, { systemId, previous, status, at: new Date().toISOString() });

    // 1. Latency, one instance (this process), changes one after another.
    const emitted = new Map<string, number>();
    const latencySystems = systemIds.slice(0, TRANSITIONS / 2);
    for (const status of ["unhealthy", "healthy"] as const) {
      for (const systemId of latencySystems) {
        emitted.set(`${systemId}:${status === "unhealthy" ? "firing" : "recovered"}`, now());
        emitted.set(`${systemId}:${status}`, now());
        await emit(systemId, status === "unhealthy" ? "healthy" : "unhealthy", status);
        await Bun.sleep(5);
      }
      const kind = status === "unhealthy" ? "firing" : "recovered";
      await waitUntil(() => latencySystems.every((id) => arrivals.has(`${id}:${kind}`)), 120_000, `${kind} messages`);
    }
    const alertLatency = summarise([...arrivals.entries()].map(([key, at]) => at - (emitted.get(key) ?? at)));
    const busLatency = summarise([...busArrivals.entries()].filter(([key]) => emitted.has(key)).map(([key, at]) => at - (emitted.get(key) ?? at)));
    printTable(`Status change emitted -> first byte of the webhook at a local receiver (${alertLatency.n} changes, one instance, ms)`, [
      { path: "alerting: transition, outbox, delivery job, signed POST", p50: fmt(alertLatency.p50), p99: fmt(alertLatency.p99), max: fmt(alertLatency.max), "p99 x bus": fmt(alertLatency.p99 / busLatency.p99), target: "p99 < 500, <= 2x bus" },
      { path: "baseline: hook bus work-queue delivery of the same events", p50: fmt(busLatency.p50), p99: fmt(busLatency.p99), max: fmt(busLatency.max), "p99 x bus": "1.0", target: "" },
    ]);

    await printQueueStages(booted, "Where the latency phase's time went, per queue (pg-boss job times, ms)");

    // 2. Throughput, three instances: this process and two servers on the same database.
    // Both servers boot side by side (registered as they come up, so a failed boot still stops the other).
    const booting = await Promise.allSettled(
      dirs.slice(1).map(async (dir) => {
        const child = await startProcess("server/src/main.ts", { DATABASE_URL: database.url, CHECKSTACK_DATA_DIR: dir, CHECKSTACK_SECRET_KEY: secretKey, DB_POOL_MAX: "20" }, "/readyz", 240_000);
        children.push(child.child);
      }),
    );
    const failedBoot = booting.find((outcome) => outcome.status === "rejected");
    if (failedBoot) throw failedBoot.reason;
    const burst = systemIds.slice(TRANSITIONS / 2);
    const before = arrived;
    const started = now();
    await inParallel(burst.length, 16, (n) => emit(burst[n]!, "healthy", "unhealthy"));
    const emittedAll = now();
    await waitUntil(() => arrived - before >= burst.length, 300_000, "the burst's deliveries");
    const seconds = (now() - started) / 1000;
    await printQueueStages(booted, "Where the throughput phase's time went, per queue (pg-boss job times, ms; both phases)");
    printTable(`Deliveries with three instances: ${burst.length} systems failing at once, grouping off, fast local receiver`, [
      { "deliveries": burst.length, "emit s": fmt((emittedAll - started) / 1000, 2), "total s": fmt(seconds, 2), "deliveries/s": fmt(burst.length / seconds, 0), target: ">= 1000/s" },
    ]);
  } finally {
    receiver.stop(true);
    for (const child of children) {
      child.kill("SIGTERM");
      await child.exited;
    }
    await platform?.stop("bench finished");
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    await database.drop();
  }
}

if (import.meta.main) {
  await runAlertingBench();
  const { stopTestServer } = await import("../src/testing/test-database");
  await stopTestServer();
}
