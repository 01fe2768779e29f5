/**
 * Boot time and idle memory of one instance, beside a baseline measured in the
 * same run: a bare Bun HTTP server started the same way (spawn to first 200).
 * Targets: ready within 5 s on a fresh data dir, 2 s warm; idle RSS < 150 MB.
 */
import { spawn } from "bun";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, printTable, summarise } from "./bench-stats";
import { REPO_ROOT } from "../src/platform-env";

const BUN = join(REPO_ROOT, "node_modules", ".bin", "bun");
const RUNS = Number(process.env["BENCH_RUNS"] ?? 3);

async function freePort(): Promise<number> {
  const server = Bun.serve({ port: 0, fetch: () => new Response() });
  const port = server.port ?? 0;
  await server.stop(true);
  return port;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function timeToReady(args: string[], env: Record<string, string>, path: string): Promise<{ ms: number; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn([BUN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" }, stdout: "ignore", stderr: "inherit" });
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 60_000) throw new Error(`${args.join(" ")} not ready within 60 s`);
    await Bun.sleep(10);
  }
  const ms = performance.now() - started;
  return {
    ms,
    pid: child.pid,
    stop: async () => {
      child.kill("SIGTERM");
      await child.exited;
    },
  };
}

export async function runBootBench(): Promise<void> {
  const baselineScript = join(tmpdir(), `checkstack-baseline-${process.pid}.ts`);
  await Bun.write(baselineScript, `Bun.serve({ port: Number(process.env.PORT), hostname: "127.0.0.1", fetch: () => new Response("ok") });`);
  const fresh: number[] = [];
  const warm: number[] = [];
  const baseline: number[] = [];
  const idleRss: number[] = [];
  const baselineRss: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = await mkdtemp(join(tmpdir(), "checkstack-bench-boot-"));
    const env = { CHECKSTACK_DATA_DIR: dataDir };
    try {
      const first = await timeToReady(["server/src/main.ts"], env, "/readyz");
      fresh.push(first.ms);
      await first.stop();
      const second = await timeToReady(["server/src/main.ts"], env, "/readyz");
      warm.push(second.ms);
      await Bun.sleep(3_000);
      idleRss.push(rssMb(second.pid));
      await second.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    const bare = await timeToReady([baselineScript], {}, "/");
    baseline.push(bare.ms);
    await Bun.sleep(1_000);
    baselineRss.push(rssMb(bare.pid));
    await bare.stop();
  }
  await rm(baselineScript, { force: true });
  const base = summarise(baseline).p50;
  const baseRss = summarise(baselineRss).p50;
  printTable(`Boot (median of ${RUNS} runs; baseline: bare Bun HTTP server)`, [
    { case: "fresh data dir (initdb included)", "p50 ms": fmt(summarise(fresh).p50, 0), "max ms": fmt(summarise(fresh).max, 0), "x baseline": fmt(summarise(fresh).p50 / base), target: "< 5000 ms" },
    { case: "warm data dir", "p50 ms": fmt(summarise(warm).p50, 0), "max ms": fmt(summarise(warm).max, 0), "x baseline": fmt(summarise(warm).p50 / base), target: "< 2000 ms" },
    { case: "baseline", "p50 ms": fmt(base, 0), "max ms": fmt(summarise(baseline).max, 0), "x baseline": "1.0", target: "" },
  ]);
  printTable("Idle memory (RSS 3 s after ready; the embedded Postgres is a separate process)", [
    { case: "platform instance", "p50 MB": fmt(summarise(idleRss).p50), "x baseline": fmt(summarise(idleRss).p50 / baseRss), target: "< 150 MB" },
    { case: "baseline", "p50 MB": fmt(baseRss), "x baseline": "1.0", target: "" },
  ]);
}

if (import.meta.main) await runBootBench();
