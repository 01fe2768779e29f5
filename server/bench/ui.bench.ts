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
      const start = performance.now();
      await page.goto(`${base}/`);
      await page.locator(`[data-testid="dashboard-sections"][data-system-count="${SYSTEMS}"]`).waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="system-tile"]').nth(SYSTEMS - 1).waitFor({ timeout: 60_000 });
      dashboardTimes.push(performance.now() - start);
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
