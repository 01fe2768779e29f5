/**
 * The product's read paths at scale (issue 14): 500 systems and 2,000 checks
 * in three teams, a user in team A (session cookie) and an API key of an
 * application in team A. Each path is measured beside a bare Elysia + pg
 * route returning the same rows, in the same run, alternating the two twice
 * so neither gets the quieter half of a noisy machine. Then one request's
 * latency (one client) at 500 systems and again after shrinking to 10.
 */
import type { Subprocess } from "bun";
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { createTestDatabase, getTestServerUrl, stopTestServer } from "../src/testing/test-database";
import { fmt, printTable } from "./bench-stats";
import { generateLoad, type LoadResult } from "./load-generator";
import { printPlans } from "./read-paths/explain";
import { seedReadPaths, seedTeams, shrinkTo, SYSTEMS } from "./read-paths/seed";
import { startProcess, stopBenchProcesses } from "./rpc.bench";

const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 4);
const CONCURRENCY = Number(process.env["BENCH_CONCURRENCY"] ?? 16);
const ADMIN = { email: "bench@example.test", password: "benchmark password 1" };
const USER = { email: "reader@example.test", password: "benchmark password 2" };

type Send = () => Promise<Response>;
interface Case {
  path: string;
  rpc: Send;
  base: Send;
}

const json = (body: unknown) => JSON.stringify({ json: body });

async function measure(send: Send, concurrency: number, seconds: number): Promise<LoadResult> {
  return generateLoad(send, { seconds, concurrency });
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The server's CPU time per request over `count` requests, four in flight: what a request costs the
 * process whatever else the machine is doing (throughput on a shared machine moves with its load).
 */
async function cpuPerRequest(pid: number, send: Send, count: number): Promise<number> {
  let left = count;
  const before = cpuMsOf(pid);
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (left-- > 0) await (await send()).arrayBuffer();
    }),
  );
  return (cpuMsOf(pid) - before) / count;
}

function merge(runs: LoadResult[]): LoadResult {
  return {
    requests: runs.reduce((sum, run) => sum + run.requests, 0),
    perSecond: runs.reduce((sum, run) => sum + run.perSecond, 0) / runs.length,
    p50: runs.reduce((sum, run) => sum + run.p50, 0) / runs.length,
    p99: Math.max(...runs.map((run) => run.p99)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}

/** Fails the benchmark loudly when a path errors or returns a different number of rows than its baseline. */
async function sameRows(path: string, rpc: Send, base: Send, count: (rpcBody: unknown, baseBody: unknown) => [number, number]): Promise<void> {
  const [r, b] = await Promise.all([rpc(), base()]);
  if (r.status !== 200 || b.status !== 200) throw new Error(`${path}: status ${r.status} (platform) / ${b.status} (baseline): ${await r.text()}`);
  const [rows, baseRows] = count(await r.json(), await b.json());
  if (rows !== baseRows) throw new Error(`${path}: the platform returned ${rows} rows, the baseline ${baseRows}`);
}

export async function runReadPathsBench(): Promise<void> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), "checkstack-bench-read-"));
  const children: Subprocess[] = [];
  // The server's superuser on the bench database: seeding and the baselines are not subject to row security.
  const superuserUrl = new URL(await getTestServerUrl());
  superuserUrl.pathname = `/${database.name}`;
  const sql = new Client({ connectionString: superuserUrl.toString() });
  try {
    const platform = await startProcess(
      "server/src/main.ts",
      { DATABASE_URL: database.url, CHECKSTACK_DATA_DIR: dataDir, CHECKSTACK_ADMIN_EMAIL: ADMIN.email, CHECKSTACK_ADMIN_PASSWORD: ADMIN.password },
      "/readyz",
    );
    children.push(platform.child);
    const api = `http://127.0.0.1:${platform.port}/api`;
    const post = (path: string, body: unknown, headers: Record<string, string>) =>
      fetch(`${api}/${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: json(body) });
    const cookieOf = async (credentials: { email: string; password: string }) => {
      const login = await post("auth/session/login", credentials, {});
      return /checkstack_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
    };
    const admin = { cookie: await cookieOf(ADMIN) };

    await sql.connect();
    const teamIds = await seedTeams(sql);
    const teamA = teamIds[0] ?? "";
    const user = (await (await post("auth/users/create", { ...USER, displayName: "Reader" }, admin)).json()) as { json: { id: string } };
    await sql.query("UPDATE plugin_auth.users SET must_change_password = false WHERE id = $1", [user.json.id]);
    await sql.query("INSERT INTO checkstack.team_members (team_id, principal_type, principal_id) VALUES ($1, 'user', $2)", [teamA, user.json.id]);
    await sql.query("INSERT INTO checkstack.roles (id, name) VALUES ('bench-reader', 'Bench reader')");
    await sql.query(
      "INSERT INTO checkstack.role_rules (role_id, rule_id) VALUES ('bench-reader', 'catalog.system.read'), ('bench-reader', 'healthcheck.status.read'), ('bench-reader', 'healthcheck.check.read')",
    );
    const app = (await (await post("auth/applications/create", { name: "bench reader", roles: ["bench-reader"], teams: [teamA] }, admin)).json()) as {
      json: { key: string };
    };
    // A public status page: anonymous callers may list systems and read status (team-only systems stay hidden).
    await sql.query("INSERT INTO checkstack.role_rules (role_id, rule_id) VALUES ('anonymous', 'catalog.system.read'), ('anonymous', 'healthcheck.status.read') ON CONFLICT DO NOTHING");
    const seeded = await seedReadPaths(sql, teamIds);
    const session = { cookie: await cookieOf(USER) };
    const apiKey = { authorization: `Bearer ${app.json.key}` };

    const baseline = await startProcess("server/bench/read-paths/baseline-server.ts", { DATABASE_URL: superuserUrl.toString(), BENCH_TEAM_A: teamA }, "/ready");
    children.push(baseline.child);
    const bare = (path: string) => () => fetch(`http://127.0.0.1:${baseline.port}${path}`);

    const rowsOf = (body: unknown): number => {
      const value = (body as { json?: unknown }).json ?? body;
      if (Array.isArray(value)) return value.length;
      const record = value as Record<string, unknown>;
      for (const key of ["items", "systems", "runs", "statuses"]) if (Array.isArray(record[key])) return (record[key] as unknown[]).length;
      return 1;
    };
    const day = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const cases: Case[] = [
      { path: "getSystem, session", rpc: () => post("catalog/getSystem", { systemId: seeded.systemId }, session), base: bare(`/system/${seeded.systemId}`) },
      { path: "getSystem, API key", rpc: () => post("catalog/getSystem", { systemId: seeded.systemId }, apiKey), base: bare(`/system/${seeded.systemId}`) },
      { path: "listSystems, page of 100, session", rpc: () => post("catalog/listSystems", { limit: 100 }, session), base: bare("/systems?limit=100") },
      { path: "listSystems, page of 100, API key", rpc: () => post("catalog/listSystems", { limit: 100 }, apiKey), base: bare("/systems?limit=100") },
      { path: "listSystems, all 333 visible (limit 500), session", rpc: () => post("catalog/listSystems", { limit: 500 }, session), base: bare("/systems?limit=500") },
      {
        path: "listSystems of team A (167 rows, limit 500), session",
        rpc: () => post("catalog/listSystems", { ownerTeamId: teamA, limit: 500 }, session),
        base: bare(`/systems?team=${teamA}&limit=500`),
      },
      {
        path: "getSystemStatuses, 50 systems in one call, session",
        rpc: () => post("healthcheck/getSystemStatuses", { systemIds: seeded.statusSystemIds }, session),
        base: bare(`/status?ids=${seeded.statusSystemIds.join(",")}`),
      },
      {
        path: "listSystemRuns, 1 check, newest page of 500, session",
        rpc: () => post("healthcheck/listSystemRuns", { systemId: seeded.systemId, checkId: seeded.checkId, ...day, limit: 500 }, session),
        base: bare(`/history/${seeded.systemId}/${seeded.checkId}?limit=500`),
      },
      {
        path: "getSystemHistory, 1 day of 1 check (1,440 runs), session",
        rpc: () => post("healthcheck/getSystemHistory", { systemId: seeded.systemId, checkId: seeded.checkId, ...day, limit: 5000 }, session),
        base: bare(`/history/${seeded.systemId}/${seeded.checkId}`),
      },
      { path: "getPublicStatus (250 systems), anonymous", rpc: () => post("healthcheck/getPublicStatus", undefined, {}), base: bare("/public") },
    ];
    for (const entry of cases) {
      await sameRows(entry.path, entry.rpc, entry.base, (r, b) => [rowsOf(r), rowsOf(b)]);
    }

    // BENCH_EXPLAIN=1: the query plans for docs/read-paths.md, then the figures.
    if (process.env["BENCH_EXPLAIN"]) {
      const visible = await sql.query<{ id: string }>("SELECT id::text FROM plugin_catalog.systems ORDER BY name LIMIT 100");
      await printPlans(sql, { userId: user.json.id, teamId: teamA }, { systemIds: visible.rows.map((row) => row.id), systemId: seeded.systemId, checkId: seeded.checkId });
    }
    const table: Array<Record<string, string | number>> = [];
    // BENCH_ONLY=<substring>[|<substring>…] measures only the matching paths (quicker while working on some).
    const only = process.env["BENCH_ONLY"]?.split("|");
    const selected = cases.filter((entry) => !only || only.some((part) => entry.path.includes(part)));
    // Untimed, once: the first path measured would otherwise pay for JIT warm-up and post-seed autovacuum.
    for (const entry of selected) await measure(entry.rpc, CONCURRENCY, 1);
    for (const entry of selected) {
      const runs = { rpc: [] as LoadResult[], base: [] as LoadResult[] };
      for (let round = 0; round < 2; round++) {
        runs.base.push(await measure(entry.base, CONCURRENCY, SECONDS / 2));
        runs.rpc.push(await measure(entry.rpc, CONCURRENCY, SECONDS / 2));
      }
      const rpc = merge(runs.rpc);
      const base = merge(runs.base);
      table.push({
        path: entry.path,
        "req/s": fmt(rpc.perSecond, 0),
        "bare req/s": fmt(base.perSecond, 0),
        "x bare": fmt(rpc.perSecond / base.perSecond, 2),
        "p50 ms": fmt(rpc.p50, 2),
        "bare p50 ms": fmt(base.p50, 2),
        errors: rpc.errors + base.errors,
      });
    }
    printTable(`Read paths, ${SYSTEMS} systems, ${CONCURRENCY} concurrent clients, ${SECONDS} s per side (client on the same 2 cores)`, table);

    // CPU per request of each server process: steadier than req/s on a machine shared with other work.
    const cpuCount = Number(process.env["BENCH_CPU_REQUESTS"] ?? 1500);
    const cpuTable: Array<Record<string, string | number>> = [];
    for (const entry of selected) {
      const rpcMs = await cpuPerRequest(platform.child.pid, entry.rpc, cpuCount);
      const baseMs = await cpuPerRequest(baseline.child.pid, entry.base, cpuCount);
      cpuTable.push({ path: entry.path, "platform cpu ms/req": fmt(rpcMs, 3), "bare cpu ms/req": fmt(baseMs, 3), "bare / platform": fmt(baseMs / rpcMs, 2) });
    }
    printTable(`Server CPU per request (${cpuCount} requests, 4 in flight)`, cpuTable);

    // One client, so the figure is one request's latency, not queueing.
    const scaled = [
      { path: "listSystems, page of 100, session", send: cases.find((entry) => entry.path.startsWith("listSystems, page of 100"))!.rpc },
      { path: "getPublicStatus, anonymous", send: cases.find((entry) => entry.path.startsWith("getPublicStatus"))!.rpc },
    ];
    const at500: LoadResult[] = [];
    for (const entry of scaled) at500.push(await measure(entry.send, 1, 2));
    await shrinkTo(sql, 10);
    const at10: LoadResult[] = [];
    for (const entry of scaled) at10.push(await measure(entry.send, 1, 2));
    printTable(
      "One request's latency (1 client) by catalog size",
      scaled.map((entry, i) => ({
        path: entry.path,
        "p50 ms, 10 systems": fmt(at10[i]?.p50 ?? Number.NaN, 2),
        [`p50 ms, ${SYSTEMS} systems`]: fmt(at500[i]?.p50 ?? Number.NaN, 2),
        ratio: fmt((at500[i]?.p50 ?? Number.NaN) / (at10[i]?.p50 ?? Number.NaN), 2),
        target: "<= 2.00",
      })),
    );
  } finally {
    await sql.end().catch(() => undefined);
    await stopBenchProcesses(children, dataDir, database);
  }
}

if (import.meta.main) {
  await runReadPathsBench();
  await stopTestServer();
}
