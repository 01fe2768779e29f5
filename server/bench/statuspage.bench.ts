/**
 * Anonymous reads of a published status page with 100 systems and 90 days of daily rollups: summary.json
 * and the HTML page, with 50 concurrent connections, beside a bare Elysia route returning the same
 * summary.json as a static document, in the same run. Target: at least half the baseline's req/s.
 * Then the propagation lag: an incident update committed through instance A until instance B (same
 * database, its own cache) serves the page and the JSON with it. Target: p99 under a second.
 */
import type { Subprocess } from "bun";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { createTestDatabase, stopTestServer } from "../src/testing/test-database";
import { fmt, printTable, summarise } from "./bench-stats";
import { generateLoad, type LoadResult } from "./load-generator";
import { startProcess, stopBenchProcesses } from "./rpc.bench";

const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 8);
const CONCURRENCY = Number(process.env["BENCH_CONCURRENCY"] ?? 50);
const SYSTEMS = 100;
const ADMIN = { email: "pages-bench@example.test", password: "benchmark password 1" };
const LAG_SAMPLES = Number(process.env["BENCH_LAG_SAMPLES"] ?? 30);

export async function runStatuspageBench(): Promise<void> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), "checkstack-bench-statuspage-"));
  const children: Subprocess[] = [];
  let secondStarting: Promise<{ port: number }> | undefined;
  try {
    const platformEnv = {
      DATABASE_URL: database.url,
      CHECKSTACK_DATA_DIR: dataDir,
      CHECKSTACK_SECRET_KEY: randomBytes(32).toString("hex"),
      CHECKSTACK_ADMIN_EMAIL: ADMIN.email,
      CHECKSTACK_ADMIN_PASSWORD: ADMIN.password,
    };
    const platform = await startProcess("server/src/main.ts", platformEnv, "/readyz");
    children.push(platform.child);
    // Instance B (for the propagation lag below) boots while A is set up and loaded: the same database, its own cache.
    secondStarting = startProcess("server/src/main.ts", platformEnv, "/readyz").then((second) => {
      children.push(second.child);
      return second;
    });
    const origin = `http://127.0.0.1:${platform.port}`;
    const login = await fetch(`${origin}/api/auth/session/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: ADMIN }) });
    const cookie = /checkstack_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
    const call = async <T>(path: string, input: unknown): Promise<T> => {
      const response = await fetch(`${origin}/api/${path}`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ json: input }) });
      const body = (await response.json()) as { json: T };
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
      return body.json;
    };
    const ids: string[] = [];
    for (let index = 0; index < SYSTEMS; index++) ids.push((await call<{ id: string }>("catalog/createSystem", { name: `bench-system-${index}` })).id);
    // 90 days of rollups, written as a service principal (row security admits no one else).
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query("BEGIN");
    await client.query(`SELECT set_config('checkstack.principal', '{"type":"service","pluginId":"bench"}', true)`);
    await client.query(
      `INSERT INTO plugin_healthcheck.rollups_daily (check_id, system_id, bucket, count, failures)
       SELECT gen_random_uuid(), s.id, date_trunc('day', now()) - make_interval(days => d), 1440, (d % 7)
         FROM unnest($1::text[]) AS s(id), generate_series(0, 89) AS d`,
      [ids],
    );
    await client.query("COMMIT");
    await client.end();
    const page = await call<{ id: string }>("statuspage/createPage", {
      slug: "bench",
      title: "Bench",
      sections: [0, 1].map((half) => ({
        title: `Section ${half + 1}`,
        items: ids.slice(half * 50, half * 50 + 50).map((systemId, index) => ({ kind: "system", systemId, displayName: `Service ${half * 50 + index}` })),
      })),
    });
    await call("statuspage/publishPage", { pageId: page.id });
    const summaryUrl = `${origin}/status/bench/api/v2/summary.json`;
    const summary = await (await fetch(summaryUrl)).text();
    if (!summary.includes("Service 99")) throw new Error("the benchmark page does not show its systems");
    // Booted before the load runs, so its boot does not share the cores with them.
    const second = await secondStarting;
    const baseline = await startProcess("server/bench/static-json-server.ts", { STATIC_JSON: summary }, "/static.json");
    children.push(baseline.child);

    // The client takes bodies as the server sends them (gzip where the server compresses, as wrk or oha do):
    // the HTML page is ~870 kB of markup sent as ~17 kB of gzip, and inflating it on the client, on the same
    // two cores, cost more than serving it (that was the 0.09x). The last row keeps that cost in, as a browser pays it.
    const wire = { headers: { "accept-encoding": "gzip" }, decompress: false };
    const targets = {
      summary: () => fetch(summaryUrl, wire),
      html: () => fetch(`${origin}/status/bench`, wire),
      baseline: () => fetch(`http://127.0.0.1:${baseline.port}/static.json`, wire),
      inflated: () => fetch(`${origin}/status/bench`),
    };
    const sizes = Object.fromEntries(
      await Promise.all(
        (Object.entries(targets) as Array<[keyof typeof targets, () => Promise<Response>]>).map(async ([name, send]) => [name, (await (await send()).arrayBuffer()).byteLength] as const),
      ),
    ) as Record<keyof typeof targets, number>;
    const results: Record<keyof typeof targets, LoadResult[]> = { summary: [], html: [], baseline: [], inflated: [] };
    // Alternated, twice, so none gets the quieter half of a noisy machine.
    for (let round = 0; round < 2; round++) {
      for (const [name, send] of Object.entries(targets) as Array<[keyof typeof targets, () => Promise<Response>]>) {
        results[name].push(await generateLoad(send, { seconds: SECONDS / 2, concurrency: CONCURRENCY }));
      }
    }
    const merge = (runs: LoadResult[]) => ({
      perSecond: runs.reduce((sum, run) => sum + run.perSecond, 0) / runs.length,
      p50: runs.reduce((sum, run) => sum + run.p50, 0) / runs.length,
      p99: Math.max(...runs.map((run) => run.p99)),
      errors: runs.reduce((sum, run) => sum + run.errors, 0),
    });
    const base = merge(results.baseline);
    const row = (path: string, name: keyof typeof targets, target: string) => {
      const merged = merge(results[name]);
      return {
        path,
        "body kB": fmt(sizes[name] / 1024, 1),
        "req/s": fmt(merged.perSecond, 0),
        "p50 ms": fmt(merged.p50, 2),
        "p99 ms": fmt(merged.p99, 2),
        errors: merged.errors,
        "x baseline": fmt(merged.perSecond / base.perSecond, 2),
        target,
      };
    };
    printTable(`Anonymous status page reads, ${SYSTEMS} systems, 90 days of rollups (${CONCURRENCY} connections, ${SECONDS} s each, client on the same cores)`, [
      row("summary.json (cached, ETag)", "summary", ">= 0.50"),
      row("HTML page /status/bench (cached, gzip)", "html", ">= 0.50"),
      row("baseline: bare Elysia, static JSON", "baseline", ""),
      row("HTML page, client inflating it (as a browser)", "inflated", "(client cost)"),
    ]);

    // Instance B's cache is warmed with the page before every change.
    const onB = `http://127.0.0.1:${second.port}/status/bench`;
    const incident = await call<{ id: string }>("incident/createIncident", {
      title: "Bench incident",
      message: "Investigating",
      impact: "minor",
      systems: [{ systemId: ids[0], impact: "minor" }],
    });
    const lags = { json: [] as number[], html: [] as number[] };
    for (let sample = 0; sample < LAG_SAMPLES; sample++) {
      const marker = `bench update ${sample} ${randomBytes(4).toString("hex")}`;
      const urls = [`${onB}/api/v2/summary.json`, onB] as const;
      // B has both cached (and their ETags are known) before the change.
      const etags = await Promise.all(urls.map(async (url) => (await fetch(url).then(async (r) => [r.headers.get("etag") ?? "", await r.arrayBuffer()] as const))[0]));
      await call("incident/postIncidentUpdate", { incidentId: incident.id, message: marker });
      const committed = performance.now();
      // Polled as a browser or proxy revalidates, If-None-Match with the old ETag: a 304 costs neither side
      // the body, so the pollers do not slow B down. Bounded, never a fixed wait.
      const until = async (url: string, etag: string, into: number[]) => {
        let current = etag;
        for (;;) {
          const response = await fetch(url, { headers: { "if-none-match": current } });
          if (response.status === 200) {
            if ((await response.text()).includes(marker)) break;
            current = response.headers.get("etag") ?? current;
          } else await response.arrayBuffer();
          if (performance.now() - committed > 10_000) throw new Error(`instance B did not serve the update at ${url} within 10 s`);
          await Bun.sleep(2);
        }
        into.push(performance.now() - committed);
      };
      await Promise.all([until(urls[0], etags[0] ?? "", lags.json), until(urls[1], etags[1] ?? "", lags.html)]);
    }
    const lagRow = (what: string, values: number[]) => {
      const stats = summarise(values);
      return { "served by B": what, samples: values.length, "p50 ms": fmt(stats.p50, 1), "p99 ms": fmt(stats.p99, 1), "max ms": fmt(Math.max(...values), 1), target: "p99 < 1000" };
    };
    printTable("Incident update committed on instance A until instance B serves it (cache cleared by broadcast hooks)", [
      lagRow("summary.json", lags.json),
      lagRow("HTML page", lags.html),
    ]);
  } finally {
    // A B still booting is waited for, so it is stopped too.
    await secondStarting?.catch(() => undefined);
    await stopBenchProcesses(children, dataDir, database);
  }
}

if (import.meta.main) {
  await runStatuspageBench();
  await stopTestServer();
}
