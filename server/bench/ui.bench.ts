/**
 * `npm run bench ui` (issue 18): in headless Chromium on this machine, the
 * time from navigation to the dashboard showing 500 systems, beside a blank
 * page's load from a bare server in the same run; and the shell's
 * JavaScript as transferred (gzipped). Each page load uses a fresh browser
 * context (empty cache), as a first visit does.
 */
import type { Subprocess } from "bun";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { createTestDatabase } from "../src/testing/test-database";
import { fmt, printTable } from "./bench-stats";
import { startProcess, stopBenchProcesses } from "./rpc.bench";

const SYSTEMS = 500;
const RUNS = Number(process.env["BENCH_UI_RUNS"] ?? 5);
const ADMIN = { email: "bench@example.test", password: "benchmark password 1" };

function summary(samples: number[]): { median: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? NaN, max: sorted[sorted.length - 1] ?? NaN };
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number }>;
  samples?: number[];
  timeDeltas?: number[];
}

/** The functions with the most self time in a CDP CPU profile, each with the start of its (minified) source. */
async function printProfile(profile: CpuProfile): Promise<void> {
  const sources = new Map<string, string[]>();
  const snippet = async (url: string, line: number, column: number) => {
    if (!url.startsWith("http")) return "";
    if (!sources.has(url)) sources.set(url, (await (await fetch(url)).text()).split("\n"));
    return (sources.get(url)?.[line] ?? "").slice(column, column + 70);
  };
  const selfMs = new Map<number, number>();
  profile.samples?.forEach((nodeId, index) => selfMs.set(nodeId, (selfMs.get(nodeId) ?? 0) + (profile.timeDeltas?.[index] ?? 0) / 1000));
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const key = `${functionName || "(anonymous)"}\u0000${url}\u0000${lineNumber}\u0000${columnNumber}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (selfMs.get(node.id) ?? 0));
  }
  const top = [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  const rows = [];
  for (const [key, ms] of top) {
    const [name = "", url = "", line = "0", column = "0"] = key.split("\u0000");
    rows.push({ function: `${name} ${url.split("/").pop() ?? ""}:${line}:${column}`, ms: fmt(ms), source: await snippet(url, Number(line), Number(column)) });
  }
  printTable("Main thread, self time by function (last run)", rows);
}

export async function runUiBench(): Promise<void> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), "checkstack-bench-ui-"));
  const children: Subprocess[] = [];
  const blank = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("<!doctype html><title>blank</title><p>blank</p>", { headers: { "content-type": "text/html" } }) });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const platform = await startProcess(
      "server/src/main.ts",
      { DATABASE_URL: database.url, CHECKSTACK_DATA_DIR: dataDir, CHECKSTACK_ADMIN_EMAIL: ADMIN.email, CHECKSTACK_ADMIN_PASSWORD: ADMIN.password },
      "/readyz",
    );
    children.push(platform.child);
    const base = `http://127.0.0.1:${platform.port}`;
    const login = await fetch(`${base}/api/auth/session/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: ADMIN }) });
    const session = /checkstack_session=([^;]+)/.exec(login.headers.get("set-cookie") ?? "")?.[1];
    if (!session) throw new Error(`sign-in failed: ${login.status}`);
    const cookie = `checkstack_session=${session}`;
    for (let at = 0; at < SYSTEMS; at += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, SYSTEMS - at) }, (_, offset) =>
          fetch(`${base}/api/catalog/createSystem`, {
            method: "POST",
            headers: { "content-type": "application/json", cookie },
            body: JSON.stringify({ json: { name: `system-${String(at + offset).padStart(3, "0")}` } }),
          }).then(async (response) => {
            if (response.status !== 200) throw new Error(`createSystem: ${response.status} ${await response.text()}`);
          }),
        ),
      );
    }

    // The shell as a browser downloads it: gzip-encoded.
    const html = await (await fetch(`${base}/`)).text();
    const script = /src="(\/assets\/shell-[^"]+\.js)"/.exec(html)?.[1];
    const stylesheet = /href="(\/assets\/shell-[^"]+\.css)"/.exec(html)?.[1];
    const gzippedSize = async (path: string | undefined) => {
      if (!path) return NaN;
      const response = await fetch(`${base}${path}`, { headers: { "accept-encoding": "gzip" }, decompress: false });
      return (await response.arrayBuffer()).byteLength;
    };
    const listing = (await (await fetch(`${base}/assets/frontend-plugins.json`)).json()) as { plugins: Array<{ pluginId: string; module?: string }> };

    const blankTimes: number[] = [];
    const dashboardTimes: number[] = [];
    let transferredJs = 0;
    let apiCalls: Array<{ path: string; start: number; ms: number }> = [];
    for (let run = 0; run < RUNS; run++) {
      const blankContext = await browser.newContext();
      const blankPage = await blankContext.newPage();
      const blankStart = performance.now();
      await blankPage.goto(`http://127.0.0.1:${blank.port}/`, { waitUntil: "load" });
      blankTimes.push(performance.now() - blankStart);
      await blankContext.close();

      const context = await browser.newContext();
      await context.addCookies([{ name: "checkstack_session", value: session, domain: "127.0.0.1", path: "/" }]);
      const page = await context.newPage();
      // BENCH_UI_PROFILE=1: the last run's main-thread CPU profile, summarised by function (where the page spends its time).
      const profiler = process.env["BENCH_UI_PROFILE"] && run === RUNS - 1 ? await context.newCDPSession(page) : undefined;
      if (profiler) {
        await profiler.send("Profiler.enable");
        await profiler.send("Profiler.setSamplingInterval", { interval: 200 });
        await profiler.send("Profiler.start");
      }
      const start = performance.now();
      await page.goto(`${base}/`);
      await page.locator(`[data-testid="dashboard-sections"][data-system-count="${SYSTEMS}"]`).waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="system-tile"]').nth(SYSTEMS - 1).waitFor({ timeout: 60_000 });
      dashboardTimes.push(performance.now() - start);
      if (profiler) await printProfile((await profiler.send("Profiler.stop")).profile);
      // Where the time went: every API call the page made until then, and when the page's script ran.
      apiCalls = await page.evaluate(() =>
        performance
          .getEntriesByType("resource")
          .filter((entry) => entry.name.includes("/api/") || entry.name.includes("/assets/"))
          .map((entry) => ({ path: new URL(entry.name).pathname, start: Math.round(entry.startTime), ms: Math.round(entry.duration) })),
      );
      transferredJs = await page.evaluate(() =>
        performance
          .getEntriesByType("resource")
          .filter((entry) => entry.name.includes("/assets/shell-") && entry.name.endsWith(".js"))
          .reduce((sum, entry) => sum + (entry as PerformanceResourceTiming).transferSize, 0),
      );
      await context.close();
    }

    const blankStats = summary(blankTimes);
    const dashboardStats = summary(dashboardTimes);
    printTable(`Page loads in headless Chromium, ${RUNS} runs each, fresh context (ms)`, [
      { page: "blank page (bare Bun server)", median: fmt(blankStats.median), max: fmt(blankStats.max) },
      { page: `dashboard with ${SYSTEMS} systems`, median: fmt(dashboardStats.median), max: fmt(dashboardStats.max), target: "< 1500" },
    ]);
    // The last run's requests, grouped by path: a per-system request would show as hundreds of calls.
    const byPath = new Map<string, { calls: number; totalMs: number; firstStart: number }>();
    for (const call of apiCalls) {
      const entry = byPath.get(call.path) ?? { calls: 0, totalMs: 0, firstStart: call.start };
      byPath.set(call.path, { calls: entry.calls + 1, totalMs: entry.totalMs + call.ms, firstStart: Math.min(entry.firstStart, call.start) });
    }
    printTable(
      "Requests of the last dashboard load (ms from navigation)",
      [...byPath.entries()].map(([path, entry]) => ({ path: path.replace(/-[a-z0-9]{8,}\.(js|css)$/, "-….$1"), calls: entry.calls, "first at": entry.firstStart, "total ms": entry.totalMs })),
    );
    const rows: Array<Record<string, string | number>> = [
      { asset: "shell JavaScript (gzip, as served)", kB: fmt((await gzippedSize(script)) / 1024), target: "< 300" },
      { asset: "shell JavaScript (transferred in Chromium, incl. headers)", kB: fmt(transferredJs / 1024) },
      { asset: "shell stylesheet (gzip)", kB: fmt((await gzippedSize(stylesheet)) / 1024) },
    ];
    for (const plugin of listing.plugins) rows.push({ asset: `plugin ${plugin.pluginId} module (gzip, loaded after the shell)`, kB: fmt((await gzippedSize(plugin.module)) / 1024) });
    printTable("Transferred sizes", rows);
  } finally {
    await browser.close();
    blank.stop(true);
    await stopBenchProcesses(children, dataDir, database);
  }
}
