/**
 * REST vs RPC for the same authenticated read (issue 15): getSystem with an
 * application's API key, as `GET /api/v1/catalog/systems/{systemId}` and as
 * `POST /api/catalog/getSystem`, on one platform process. The two alternate
 * (RPC, REST, RPC, REST) so neither gets the quieter half of a noisy machine.
 * Target: REST within 10% of RPC.
 */
import type { Subprocess } from "bun";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "../src/testing/test-database";
import { fmt, printTable } from "./bench-stats";
import { generateLoad, type LoadResult } from "./load-generator";
import { startProcess, stopBenchProcesses } from "./rpc.bench";

const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 4);
const CONCURRENCY = Number(process.env["BENCH_CONCURRENCY"] ?? 16);
const ADMIN = { email: "rest-bench@example.test", password: "benchmark password 1" };

export async function runRestBench(): Promise<void> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), "checkstack-bench-rest-"));
  const children: Subprocess[] = [];
  try {
    const platform = await startProcess(
      "server/src/main.ts",
      { DATABASE_URL: database.url, CHECKSTACK_DATA_DIR: dataDir, CHECKSTACK_ADMIN_EMAIL: ADMIN.email, CHECKSTACK_ADMIN_PASSWORD: ADMIN.password },
      "/readyz",
    );
    children.push(platform.child);
    const origin = `http://127.0.0.1:${platform.port}`;
    const login = await fetch(`${origin}/api/v1/auth/session/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ADMIN) });
    const cookie = /checkstack_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
    const asAdmin = { "content-type": "application/json", cookie };
    const app = (await (await fetch(`${origin}/api/v1/auth/applications`, { method: "POST", headers: asAdmin, body: JSON.stringify({ name: "rest bench", roles: ["admin"] }) })).json()) as { key: string };
    const authorization = `Bearer ${app.key}`;
    const system = (await (
      await fetch(`${origin}/api/v1/catalog/systems`, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify({ name: "bench system" }) })
    ).json()) as { id: string };

    const rpc = () =>
      fetch(`${origin}/api/catalog/getSystem`, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify({ json: { systemId: system.id } }) });
    const rest = () => fetch(`${origin}/api/v1/catalog/systems/${system.id}`, { headers: { authorization } });
    // Both answer the same system, or the comparison means nothing.
    const [viaRpc, viaRest] = await Promise.all([rpc().then((r) => r.json() as Promise<{ json: { id: string } }>), rest().then((r) => r.json() as Promise<{ id: string }>)]);
    if (viaRpc.json.id !== system.id || viaRest.id !== system.id) throw new Error(`REST and RPC disagree: ${JSON.stringify({ viaRpc, viaRest })}`);

    const runs: Record<"rpc" | "rest", LoadResult[]> = { rpc: [], rest: [] };
    for (let round = 0; round < 2; round++) {
      runs.rpc.push(await generateLoad(rpc, { seconds: SECONDS, concurrency: CONCURRENCY }));
      runs.rest.push(await generateLoad(rest, { seconds: SECONDS, concurrency: CONCURRENCY }));
    }
    const mean = (results: LoadResult[], pick: (result: LoadResult) => number) => results.reduce((sum, result) => sum + pick(result), 0) / results.length;
    const row = (name: string, results: LoadResult[]) => ({
      path: name,
      "req/s": fmt(mean(results, (r) => r.perSecond), 0),
      "p50 ms": fmt(mean(results, (r) => r.p50), 2),
      "p99 ms": fmt(Math.max(...results.map((r) => r.p99)), 2),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
    });
    printTable(`getSystem with an API key, ${CONCURRENCY} clients, 2 × ${SECONDS} s each, alternating`, [
      row("RPC  POST /api/catalog/getSystem", runs.rpc),
      row("REST GET  /api/v1/catalog/systems/{systemId}", runs.rest),
    ]);
    const ratio = mean(runs.rest, (r) => r.perSecond) / mean(runs.rpc, (r) => r.perSecond);
    process.stdout.write(`REST / RPC throughput: ${fmt(ratio, 3)} (target: at least 0.90)\n`);
  } finally {
    await stopBenchProcesses(children, dataDir, database);
  }
}
