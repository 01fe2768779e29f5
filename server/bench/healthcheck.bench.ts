/**
 * Health-check scheduling capacity: the highest rate of checks per second
 * (each check against a local HTTP target, interval 1 s) that one instance,
 * then two, sustain with scheduling lag p99 under one second; and an
 * instance's memory with 1,000 and 10,000 configured checks. Baseline, in the
 * same run: the target server's own request rate under a plain fetch loop.
 */
import { spawn, type Subprocess } from "bun";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { createTestDatabase, stopTestServer } from "../src/testing/test-database";
import { REPO_ROOT } from "../src/platform-env";
import { fmt, printTable } from "./bench-stats";
import { generateLoad } from "./load-generator";

const BUN = join(REPO_ROOT, "node_modules", ".bin", "bun");
const RATES = (process.env["BENCH_RATES"] ?? "250,500,1000,1500,2000").split(",").map(Number);
const MEASURE_S = Number(process.env["BENCH_MEASURE_SECONDS"] ?? 6);
const WARMUP_S = 3;
const SYSTEM_ID = "00000000-0000-4000-8000-000000000001";
/** Instances of one cluster share the key that encrypts secret settings. */
const SECRET_KEY = randomBytes(32).toString("hex");

async function freePort(): Promise<number> {
  const server = Bun.serve({ port: 0, fetch: () => new Response() });
  const port = server.port ?? 0;
  await server.stop(true);
  return port;
}

async function startInstance(databaseUrl: string, dataDir: string, name: string): Promise<{ child: Subprocess; port: number }> {
  const port = await freePort();
  const child = spawn([BUN, "server/src/main.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKSTACK_DATA_DIR: join(dataDir, name), CHECKSTACK_INSTANCE_ID: name, CHECKSTACK_SECRET_KEY: SECRET_KEY, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "error" },
    stdout: "ignore",
    stderr: "inherit",
  });
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline) throw new Error(`${name} not ready`);
    await Bun.sleep(50);
  }
  return { child, port };
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN) / 1024;
}

/** Runs SQL as a service principal: row-level security hides the plugin's tables from a principal-less owner. */
async function asService(client: Client, text: string, values: unknown[] = []) {
  await client.query("BEGIN");
  await client.query(`SELECT set_config('checkstack.principal', '{"type":"service","pluginId":"bench"}', true)`);
  const result = await client.query(text, values);
  await client.query("COMMIT");
  return result;
}

async function configureChecks(client: Client, total: number, targetUrl: string): Promise<void> {
  await asService(client, "DELETE FROM plugin_healthcheck.checks");
  await asService(
    client,
    `WITH made AS (
       INSERT INTO plugin_healthcheck.checks (name, strategy_id, config, interval_seconds, timeout_ms)
       SELECT 'bench-' || n, 'http', jsonb_build_object('url', $1::text || '/' || n), 1, 900 FROM generate_series(1, $2) AS n
       RETURNING id)
     INSERT INTO plugin_healthcheck.check_systems (check_id, system_id) SELECT id, $3 FROM made`,
    [targetUrl, total, SYSTEM_ID],
  );
}

/** Schedules the first `count` checks to run every second from now; the rest stay configured but idle. */
async function runChecks(client: Client, count: number): Promise<void> {
  await asService(client, "DELETE FROM plugin_healthcheck.schedule");
  await asService(
    client,
    `INSERT INTO plugin_healthcheck.schedule (check_id, system_id, next_run_at)
     SELECT id, $2, now() + (random() * interval '1 second') FROM plugin_healthcheck.checks ORDER BY name LIMIT $1`,
    [count, SYSTEM_ID],
  );
}

async function measure(client: Client): Promise<{ rate: number; lagP99: number; lagP50: number }> {
  await Bun.sleep(WARMUP_S * 1000);
  const from = new Date();
  await Bun.sleep(MEASURE_S * 1000);
  const to = new Date();
  await Bun.sleep(1500); // let the last results be written
  const result = await asService(
    client,
    `SELECT count(*)::float8 / $3 AS rate,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - scheduled_at) * 1000) AS lag_p99,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - scheduled_at) * 1000) AS lag_p50
       FROM plugin_healthcheck.runs WHERE scheduled_at >= $1 AND scheduled_at < $2`,
    [from, to, MEASURE_S],
  );
  const row = result.rows[0] as { rate: number; lag_p99: number | null; lag_p50: number | null };
  return { rate: row.rate, lagP99: row.lag_p99 ?? Number.NaN, lagP50: row.lag_p50 ?? Number.NaN };
}

export async function runHealthcheckBench(): Promise<void> {
  const target = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("ok") });
  const targetUrl = `http://127.0.0.1:${target.port}/target`;
  const baseline = await generateLoad(() => fetch(targetUrl), { seconds: 3, concurrency: 16 });
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), "checkstack-bench-hc-"));
  const client = new Client({ connectionString: database.url });
  const instances: Array<{ child: Subprocess }> = [];
  const rows: Array<Record<string, string | number>> = [];
  const memory: Array<Record<string, string | number>> = [];
  try {
    instances.push(await startInstance(database.url, dataDir, "bench-1"));
    await client.connect();
    for (const configured of [1_000, 10_000]) {
      await configureChecks(client, configured, targetUrl);
      await runChecks(client, 0);
      await Bun.sleep(5_000);
      Bun.gc(true);
      memory.push({ "configured checks": configured, "instance RSS MB": fmt(rssMb(instances[0]!.child.pid)), target: "< 256 MB at 10,000" });
    }
    await configureChecks(client, Math.max(...RATES), targetUrl);
    for (const instanceCount of [1, 2]) {
      if (instanceCount === 2) instances.push(await startInstance(database.url, dataDir, "bench-2"));
      for (const rate of RATES) {
        await runChecks(client, rate);
        const measured = await measure(client);
        const sustained = measured.rate >= rate * 0.95 && measured.lagP99 < 1000;
        rows.push({
          instances: instanceCount,
          "target checks/s": rate,
          "achieved checks/s": fmt(measured.rate, 0),
          "lag p50 ms": fmt(measured.lagP50, 0),
          "lag p99 ms": fmt(measured.lagP99, 0),
          sustained: sustained ? "yes" : "no",
          "x target-server baseline": fmt(measured.rate / baseline.perSecond, 2),
        });
        if (!sustained) break;
      }
      await runChecks(client, 0);
    }
  } finally {
    await client.end().catch(() => undefined);
    for (const { child } of instances) {
      child.kill("SIGTERM");
      await child.exited;
    }
    void target.stop(true);
    await rm(dataDir, { recursive: true, force: true });
    await database.drop();
    // Whatever was measured is printed, even when a later step failed.
    printTable("Measured so far", rows);
  }
  printTable(`Scheduling capacity (interval 1 s, local HTTP target; baseline: the target alone serves ${fmt(baseline.perSecond, 0)} req/s to a 16-way fetch loop)`, rows);
  const best = (count: number) => Math.max(0, ...rows.filter((row) => row["instances"] === count && row["sustained"] === "yes").map((row) => Number(row["target checks/s"])));
  printTable("Highest sustained rate (lag p99 < 1 s, >= 95% of target)", [
    { instances: 1, "checks/s": best(1), target: ">= 1000" },
    { instances: 2, "checks/s": best(2), target: "higher than one instance" },
  ]);
  printTable("Memory with configured checks (idle schedule)", memory);
}

if (import.meta.main) {
  await runHealthcheckBench();
  await stopTestServer();
}
