import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Pool } from "pg";
import type { Browser, Page } from "playwright-core";
import { useTestDatabase } from "@checkstack/test-utils";
import { signIn, type ApiSession } from "./support/api-session";
import { launchChromium, screenshot, signInThroughPage } from "./support/browser";
import { newSecretKey, usePlatforms, type PlatformProcess } from "./support/platform-process";
import { waitFor } from "./support/poll";
import { queryAsService } from "./support/service-query";
import { inBrowserPage } from "./support/web-ui-page";

/*
 * Live updates in real Chromium across two platform processes on one
 * database: the browser is connected to instance B (through a proxy that can
 * cut its connections) while the check runs on instance A. When the check's
 * target stops, the dashboard and the system's page show it unhealthy without
 * a reload and without polling; after the proxy cuts the stream, the page
 * reconnects on its own and shows the recovery.
 */

// afterAll hooks run in declaration order: the platforms stop before their database is dropped.
const platforms = usePlatforms("all");
const database = useTestDatabase();
const secretKey = newSecretKey();
const ADMIN = { email: "live-admin@example.com", password: "live-admin-password" };

// The monitored service: healthy until `failing` is set.
let failing = false;
const target = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response(failing ? "down" : "ok", { status: failing ? 503 : 200 }) });
afterAll(() => target.stop(true));

/**
 * The browser's way to instance B: forwards every request, and can cut every
 * response still streaming (the live stream), as a proxy restart or a network
 * blip does.
 */
class CuttingProxy {
  private readonly open = new Set<AbortController>();
  private readonly server: ReturnType<typeof Bun.serve>;
  constructor(private readonly upstream: () => string) {
    this.server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      idleTimeout: 0,
      fetch: async (request) => {
        const url = new URL(request.url);
        const controller = new AbortController();
        this.open.add(controller);
        try {
          const response = await fetch(`${this.upstream()}${url.pathname}${url.search}`, {
            method: request.method,
            headers: request.headers,
            body: request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer(),
            signal: controller.signal,
            redirect: "manual",
            decompress: false,
          });
          if (!response.headers.get("content-type")?.includes("text/event-stream") || !response.body) {
            this.open.delete(controller);
            return response;
          }
          // A cut stream ends the browser's response as a dropped connection would, without an unhandled abort.
          const reader = response.body.getReader();
          const body = new ReadableStream<Uint8Array>({
            pull: async (stream) => {
              try {
                const { done, value } = await reader.read();
                if (done) stream.close();
                else stream.enqueue(value);
              } catch {
                this.open.delete(controller);
                stream.close();
              }
            },
            cancel: () => {
              this.open.delete(controller);
              controller.abort();
            },
          });
          return new Response(body, { status: response.status, headers: response.headers });
        } catch {
          this.open.delete(controller);
          return new Response("upstream unreachable", { status: 502 });
        }
      },
    });
  }
  get url(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }
  /** Ends every stream in flight; returns how many were cut. */
  cutStreams(): number {
    const count = this.open.size;
    for (const controller of this.open) controller.abort();
    this.open.clear();
    return count;
  }
  stop(): void {
    this.cutStreams();
    void this.server.stop(true);
  }
}

let a: PlatformProcess;
let b: PlatformProcess;
let proxy: CuttingProxy;
let browser: Browser;
let admin: ApiSession;
let systemId: string;
let pool: Pool;

afterAll(async () => {
  // B may still be paused if a test failed midway: it must be able to stop.
  if (b?.running) process.kill(b.pid, "SIGCONT");
  proxy?.stop();
  await browser?.close();
  await pool?.end();
});

const systemStatusOnA = async () => (await signIn(a, ADMIN.email, ADMIN.password)).call<{ status: string }>("healthcheck", "getSystemStatus", { systemId });

beforeAll(async () => {
  const env = { CHECKSTACK_ADMIN_EMAIL: ADMIN.email, CHECKSTACK_ADMIN_PASSWORD: ADMIN.password };
  [a, b] = (await Promise.all([platforms.start({ databaseUrl: database.url, secretKey, env }), platforms.start({ databaseUrl: database.url, secretKey, env })])) as [PlatformProcess, PlatformProcess];
  await Promise.all([a.waitForReady(180_000), b.waitForReady(180_000)]);
  pool = new Pool({ connectionString: database.url, max: 2 });
  pool.on("error", () => undefined);
  proxy = new CuttingProxy(() => b.url);
  admin = await signIn(a, ADMIN.email, ADMIN.password);
  systemId = (await admin.call<{ id: string }>("catalog", "createSystem", { name: "Live shop" })).id;
  await admin.call("catalog", "createSystem", { name: "Quiet system" });
  await admin.call("healthcheck", "createCheck", {
    name: "Live shop homepage",
    strategyId: "http",
    config: { url: `http://127.0.0.1:${target.port}/` },
    intervalSeconds: 1,
    timeoutMs: 1000,
    systemIds: [systemId],
  });
  await waitFor(async () => (await admin.call<{ status: string }>("healthcheck", "getSystemStatus", { systemId })).status === "healthy", { timeoutMs: 120_000, description: "the system turns healthy" });
  browser = await launchChromium();
}, 300_000);

/** Requests the page makes to an API procedure, counted from now on. */
function countRequests(page: Page, fragment: string): { readonly count: number } {
  const counter = { count: 0 };
  page.on("request", (request) => {
    if (request.url().includes(fragment)) counter.count += 1;
  });
  return counter;
}

const tile = (page: Page, name: string, status: string) => page.locator(`[data-system-name="${name}"] [data-status="${status}"]`);

describe("live updates in the browser", () => {
  test("a check run on instance A turns the dashboard on instance B unhealthy without reload or polling, and back after a cut stream", async () => {
    await inBrowserPage(browser, { width: 1280, height: 800 }, async (page, errors) => {
      const liveStreams = countRequests(page, "/api/live");
      await signInThroughPage(page, proxy.url, ADMIN.email, ADMIN.password);
      await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor({ timeout: 60_000 });
      await tile(page, "Live shop", "healthy").waitFor({ timeout: 60_000 });
      await waitFor(() => liveStreams.count >= 1, { timeoutMs: 30_000, description: "the page opens the live stream" });
      // From here on the dashboard's data must come from the stream: its reads are counted.
      const dashboardReads = countRequests(page, "/api/healthcheck/getSystemStatuses");
      await screenshot(page, "live-01-dashboard-healthy");

      // B is paused while the target fails, so the failing runs are A's: the change reaches B's browser through the database.
      process.kill(b.pid, "SIGSTOP");
      let pausedAt = Date.now();
      try {
        failing = true;
        await waitFor(async () => (await systemStatusOnA()).status === "unhealthy", { timeoutMs: 90_000, description: "A records the system unhealthy" });
        const ranBy = await queryAsService<{ instance_id: string }>(
          pool,
          "SELECT instance_id FROM plugin_healthcheck.runs WHERE system_id = $1 AND NOT healthy ORDER BY started_at LIMIT 1",
          [systemId],
        );
        expect(ranBy[0]?.instance_id).toContain(`-${a.pid}-`);
      } finally {
        process.kill(b.pid, "SIGCONT");
        pausedAt = Date.now() - pausedAt;
      }
      const shownAfter = performance.now();
      await tile(page, "Live shop", "unhealthy").waitFor({ timeout: 30_000 });
      console.log(`B was paused ${pausedAt} ms; the browser on B showed the change ${Math.round(performance.now() - shownAfter)} ms after B resumed`);
      // The other system's tile is untouched; the dashboard did not reload its data.
      await tile(page, "Quiet system", "unknown").waitFor();
      expect(dashboardReads.count).toBe(0);
      await screenshot(page, "live-02-dashboard-unhealthy");

      // The system's page, opened now, follows new runs and shows the failure reason.
      await page.getByRole("link", { name: "Live shop", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "Live shop" }).waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="check-card"] [data-status="unhealthy"]').waitFor({ timeout: 30_000 });
      await page.locator("table").getByText(/503/).first().waitFor({ timeout: 30_000 });
      const statusReads = countRequests(page, "/api/healthcheck/getSystemStatus");
      // The stream is cut (a proxy restart): EventSource reconnects by itself, resuming after the last event.
      const streamsBefore = liveStreams.count;
      expect(proxy.cutStreams()).toBeGreaterThanOrEqual(1);
      await waitFor(() => liveStreams.count > streamsBefore, { timeoutMs: 30_000, description: "the page reconnects the live stream" });
      failing = false;
      await page.locator('[data-testid="check-card"] [data-status="healthy"]').waitFor({ timeout: 60_000 });
      expect(statusReads.count).toBeGreaterThan(0);
      await screenshot(page, "live-03-system-recovered");

      await page.getByRole("navigation").getByRole("link", { name: "Dashboard", exact: true }).click();
      await tile(page, "Live shop", "healthy").waitFor({ timeout: 60_000 });
      expect(errors).toEqual([]);
    });
  }, 300_000);
});
