/**
 * An authenticated procedure reading one row under row-level security
 * (myfeature.getItem as a signed-in admin, declared a query) against a
 * baseline measured in the same run on the same database: a bare Elysia route
 * reading the same row with a plain pg query. Target: at least half the
 * baseline's req/s.
 *
 * What the authenticated path does per call, once the instance has seen the
 * session: the principal and the access decision come from the instance's
 * access memo, and one round trip to Postgres carries the transaction-local
 * settings (application role, principal, read-only), the access-epoch check
 * that confirms the remembered answers, and the row-level-secured select (a
 * prepared drizzle query). The first call of a session, and any call after an
 * access change anywhere in the cluster, reads the session and decides in SQL.
 */
import { spawn, type Subprocess } from "bun";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { createTestDatabase, stopTestServer } from "../src/testing/test-database";
import { REPO_ROOT } from "../src/platform-env";
import { fmt, printTable } from "./bench-stats";
import { generateLoad } from "./load-generator";

const BUN = join(REPO_ROOT, "node_modules", ".bin", "bun");
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 8);
const CONCURRENCY = Number(process.env["BENCH_CONCURRENCY"] ?? 16);
const ADMIN = { email: "bench@example.test", password: "benchmark password 1" };

export async function freePort(): Promise<number> {
  const server = Bun.serve({ port: 0, fetch: () => new Response() });
  const port = server.port ?? 0;
  await server.stop(true);
  return port;
}

export async function waitFor(url: string, timeoutMs = Number(process.env["BENCH_READY_SECONDS"] ?? 60) * 1000): Promise<void> {
  // BENCH_READY_SECONDS: more patience for a boot on a machine busy with other work.
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((response) => response.status === 200, () => false);
    if (ok) return;
    await Bun.sleep(50);
  }
  throw new Error(`${url} did not become ready`);
}

export async function startProcess(script: string, env: Record<string, string>, readyPath: string, readyTimeoutMs?: number): Promise<{ port: number; child: Subprocess }> {
  const port = await freePort();
  // BENCH_PROFILE_DIR=<dir>: the platform writes a CPU profile (and its markdown summary) there on exit.
  const profileDir = process.env["BENCH_PROFILE_DIR"];
  const profile = profileDir && script.endsWith("main.ts") ? ["--cpu-prof", "--cpu-prof-md", `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn([BUN, ...profile, script], { cwd: REPO_ROOT, env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" }, stdout: "ignore", stderr: "inherit" });
  try {
    await waitFor(`http://127.0.0.1:${port}${readyPath}`, readyTimeoutMs);
  } catch (error) {
    // A server that never became ready must not outlive the benchmark.
    child.kill("SIGTERM");
    throw error;
  }
  return { port, child };
}

/** Stops a bench's server processes, then removes its data dir and its database. */
export async function stopBenchProcesses(children: Subprocess[], dataDir: string, database: { drop(): Promise<void> }): Promise<void> {
  for (const child of children) {
    child.kill("SIGTERM");
    await child.exited;
  }
  await rm(dataDir, { recursive: true, force: true });
  await database.drop();
}

export async function runRpcBench(): Promise<void> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), "checkstack-bench-rpc-"));
  const children: Subprocess[] = [];
  try {
    const platform = await startProcess(
      "server/src/main.ts",
      { DATABASE_URL: database.url, CHECKSTACK_DATA_DIR: dataDir, CHECKSTACK_EXAMPLE_PLUGINS: "1", CHECKSTACK_ADMIN_EMAIL: ADMIN.email, CHECKSTACK_ADMIN_PASSWORD: ADMIN.password },
      "/readyz",
    );
    children.push(platform.child);
    const api = `http://127.0.0.1:${platform.port}/api`;
    const login = await fetch(`${api}/auth/session/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: ADMIN }) });
    const cookie = /checkstack_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
    const headers = { "content-type": "application/json", cookie };
    const created = (await (await fetch(`${api}/myfeature/createItem`, { method: "POST", headers, body: JSON.stringify({ json: { name: "bench item" } }) })).json()) as { json: { id: string } };
    const itemId = created.json.id;

    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query("CREATE TABLE public.bench_items (id uuid PRIMARY KEY, name text, description text, created_at timestamptz, updated_at timestamptz)");
    await client.query("INSERT INTO public.bench_items VALUES ($1, 'bench item', NULL, now(), now())", [itemId]);
    await client.end();
    const baseline = await startProcess("server/bench/baseline-server.ts", { DATABASE_URL: database.url }, `/item/${itemId}`);
    children.push(baseline.child);

    const body = JSON.stringify({ json: { itemId } });
    const rpcCall = () => fetch(`${api}/myfeature/getItem`, { method: "POST", headers, body });
    const baselineCall = () => fetch(`http://127.0.0.1:${baseline.port}/item/${itemId}`);
    const probe = (await (await rpcCall()).json()) as { json: { name?: string } };
    if (probe.json.name !== "bench item") throw new Error(`the authenticated read did not return the row: ${JSON.stringify(probe)}`);

    // Alternate the two, twice, so neither gets the quieter half of a noisy machine.
    const results = { rpc: [] as Awaited<ReturnType<typeof generateLoad>>[], baseline: [] as Awaited<ReturnType<typeof generateLoad>>[] };
    for (let round = 0; round < 2; round++) {
      results.baseline.push(await generateLoad(baselineCall, { seconds: SECONDS / 2, concurrency: CONCURRENCY }));
      results.rpc.push(await generateLoad(rpcCall, { seconds: SECONDS / 2, concurrency: CONCURRENCY }));
    }
    const merge = (runs: Awaited<ReturnType<typeof generateLoad>>[]) => ({
      perSecond: runs.reduce((sum, run) => sum + run.perSecond, 0) / runs.length,
      p50: runs.reduce((sum, run) => sum + run.p50, 0) / runs.length,
      p99: Math.max(...runs.map((run) => run.p99)),
      errors: runs.reduce((sum, run) => sum + run.errors, 0),
    });
    const rpc = merge(results.rpc);
    const base = merge(results.baseline);
    printTable(`RPC read of one row (${CONCURRENCY} concurrent clients, ${SECONDS} s each, client on the same 2 cores)`, [
      { path: "authenticated oRPC + RLS (session cookie)", "req/s": fmt(rpc.perSecond, 0), "p50 ms": fmt(rpc.p50, 2), "p99 ms": fmt(rpc.p99, 2), errors: rpc.errors, "x baseline": fmt(rpc.perSecond / base.perSecond, 2), target: ">= 0.50" },
      { path: "baseline: bare Elysia + pg, no auth, no RLS", "req/s": fmt(base.perSecond, 0), "p50 ms": fmt(base.p50, 2), "p99 ms": fmt(base.p99, 2), errors: base.errors, "x baseline": "1.00", target: "" },
    ]);
  } finally {
    await stopBenchProcesses(children, dataDir, database);
  }
}

if (import.meta.main) {
  await runRpcBench();
  await stopTestServer();
}
