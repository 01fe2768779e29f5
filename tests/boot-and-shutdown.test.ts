import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { useTestDatabase } from "@checkstack/test-utils";
import { fixtures, usePluginsDirs } from "./support/fixture-plugins";
import { alive, descendantsOf, LauncherProcess } from "./support/launcher-process";
import { newSecretKey, parseResponse, postgresProcessesFor, usePlatforms, type PlatformProcess } from "./support/platform-process";

const platforms = usePlatforms();
const database = useTestDatabase();
const pluginsDirs = usePluginsDirs();

const INIT_DELAY_MS = 2_000;
// The file's tests share one database, which records the key's fingerprint on first boot.
const secretKey = newSecretKey();

/** One probe round while booting: several API paths at once, plus both health endpoints. */
async function probe(platform: PlatformProcess) {
  const api = await Promise.all(
    ["/api/myfeature/getPublicInfo", "/api/slow-init/anything", "/api/no-such-plugin/x"].map(async (path) =>
      parseResponse(await platform.fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })),
    ),
  );
  const [health, ready] = await Promise.all([platform.fetch("/healthz"), platform.fetch("/readyz")]);
  return { api, health: await parseResponse(health), ready: await parseResponse(ready) };
}

describe("boot", () => {
  test(
    "while booting, /api answers 503 JSON and /healthz 200; nothing crashes or resets",
    async () => {
      const pluginsDir = await pluginsDirs.create([fixtures.slowInit("slow-init", INIT_DELAY_MS)]);
      const platform = await platforms.start({ databaseUrl: database.url, secretKey, env: { CHECKSTACK_PLUGINS_DIR: pluginsDir } });
      const began = performance.now();
      let bootingRounds = 0;
      let bootingUntil = began;
      let straddled = 0;
      for (;;) {
        // A reset connection rejects here and fails the test.
        const round = await probe(platform);
        const publicInfo = round.api[0];
        if (publicInfo?.status === 200) break;
        // The round's requests run in parallel: readiness can arrive between them. Such a round may mix 503s
        // with answers, never a 500; on a loaded machine the next round can straddle too, so a few are allowed.
        if (round.api.some((response) => response.status !== 503)) {
          expect(round.api.map((response) => response.status)).not.toContain(500);
          straddled++;
          expect(straddled).toBeLessThanOrEqual(5);
          continue;
        }
        bootingRounds++;
        bootingUntil = performance.now();
        for (const response of round.api) {
          expect(response.status).toBe(503);
          expect(response.body).toMatchObject({ json: { defined: false, code: "SERVICE_UNAVAILABLE", status: 503 } });
        }
        expect(round.health.status).toBe(200);
        expect(round.ready.status).toBe(503);
        expect(round.ready.body).toMatchObject({ status: "not ready" });
        expect(performance.now() - began).toBeLessThan(20_000);
        await Bun.sleep(50);
      }
      console.info(`boot window: ${bootingRounds} probe rounds answered 503 over ${Math.round(bootingUntil - began)} ms`);
      expect(bootingRounds).toBeGreaterThan(0);
      expect(bootingUntil - began).toBeGreaterThan(INIT_DELAY_MS / 2);

      await platform.waitForReady(5_000);
      expect(platform.running).toBe(true);
      expect(platform.logs.filter((line) => line.level === "error")).toEqual([]);
    },
    40_000,
  );

  test(
    "a plugin whose init throws is reported, its dependents fail with it, the rest serve",
    async () => {
      const pluginsDir = await pluginsDirs.create([
        fixtures.failingInit("broken-init", "broken-init.service", "fixture init exploded"),
        fixtures.needsService("needs-broken", "broken-init.service"),
      ]);
      const platform = await platforms.start({ databaseUrl: database.url, secretKey, env: { CHECKSTACK_PLUGINS_DIR: pluginsDir } });
      await platform.waitForLog((line) => line.msg === "platform ready", 30_000);

      const readyz = await parseResponse(await platform.fetch("/readyz"));
      expect(readyz.status).toBe(503);
      expect(readyz.body).toMatchObject({ checks: { database: { ok: true }, plugins: { ok: false } } });
      const failed = (readyz.body as { checks: { plugins: { detail: Array<{ pluginId: string; error: string }> } } }).checks.plugins.detail;
      expect(failed.map((entry) => entry.pluginId).sort()).toEqual(["broken-init", "needs-broken"]);
      expect(failed.find((entry) => entry.pluginId === "broken-init")?.error).toBe("fixture init exploded");
      expect(failed.find((entry) => entry.pluginId === "needs-broken")?.error).toContain("broken-init.service");

      const publicInfo = await platform.call("myfeature", "getPublicInfo");
      expect(publicInfo.status).toBe(200);

      const logged = platform.logs.find((line) => line.msg === "plugin failed to load" && line["pluginId"] === "broken-init");
      expect(logged?.level).toBe("error");
      expect(logged?.["error"]).toMatchObject({ message: "fixture init exploded" });
      expect(platform.logs.some((line) => line.msg === "plugin failed to load" && line["pluginId"] === "needs-broken")).toBe(true);
    },
    40_000,
  );
});

describe("graceful shutdown with the embedded database", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    test(
      `${signal}: the in-flight request completes, shutdown hooks run, exit 0 within 10 s, no Postgres left`,
      async () => {
        const markerDir = await pluginsDirs.create([]);
        const marker = join(markerDir, "platform-shutdown.json");
        const pluginsDir = await pluginsDirs.create([fixtures.api("fixture-api"), fixtures.shutdownMarker("shutdown-marker", marker)]);
        const platform = await platforms.start({ secretKey, env: { CHECKSTACK_PLUGINS_DIR: pluginsDir } });
        await platform.waitForReady(60_000);
        const bootMs = platform.logs.find((line) => line.msg === "platform ready")?.["bootMs"];
        expect(postgresProcessesFor(platform.dataDir)).toHaveLength(1);

        const slow = platform.call("fixture-api", "sleep", { ms: 1_000 });
        await platform.waitForLog((line) => line.msg === "fixture sleep started", 5_000);
        const exit = await Promise.all([slow, platform.stop(signal, 20_000)]);
        const [response, result] = exit;
        console.info(`${signal}: boot ${bootMs} ms (embedded Postgres), shutdown ${result.durationMs} ms with a 1 s request in flight`);

        expect(response.status).toBe(200);
        expect(response.body).toEqual({ json: { slept: 1_000 } });
        expect(result).toMatchObject({ code: 0, timedOut: false });
        expect(result.durationMs).toBeLessThan(10_000);
        expect(postgresProcessesFor(platform.dataDir)).toEqual([]);
        expect(existsSync(marker)).toBe(true);
        expect(JSON.parse(readFileSync(marker, "utf8"))).toEqual({ reason: signal });
        expect(platform.logs.some((line) => line.msg === "shutting down" && line["signal"] === signal)).toBe(true);
      },
      90_000,
    );
  }
});

describe("stopping with the launcher (`npm start`, embedded database)", () => {
  /** Starts `npm start`, waits until ready, and notes bun and Postgres under it. */
  async function launch(): Promise<{ launcher: LauncherProcess; platformPids: number[] }> {
    const launcher = await LauncherProcess.start({ secretKey });
    launchers.add(launcher);
    await launcher.waitForLog("platform ready", 90_000);
    const platformPids = descendantsOf(launcher.pid);
    expect(postgresProcessesFor(launcher.dataDir).length).toBeGreaterThan(0);
    return { launcher, platformPids };
  }

  async function expectAllGone(launcher: LauncherProcess, platformPids: number[]): Promise<void> {
    const deadline = Date.now() + 20_000;
    const left = () => [...platformPids.filter(alive), ...postgresProcessesFor(launcher.dataDir)];
    while (left().length > 0 && Date.now() < deadline) await Bun.sleep(100);
    expect(left()).toEqual([]);
  }

  /** An orderly stop is logged as one: nothing at warn or error from the signal on. */
  function expectOrderlyLog(launcher: LauncherProcess): void {
    const from = launcher.logs.findIndex((line) => line.msg === "shutting down");
    expect(from).toBeGreaterThanOrEqual(0);
    const noisy = launcher.logs.slice(from).filter((line) => line.level === "warn" || line.level === "error");
    expect(noisy).toEqual([]);
  }

  const launchers = new Set<LauncherProcess>();
  afterEach(async () => {
    for (const launcher of launchers) {
      launcher.kill([...descendantsOf(launcher.pid), ...postgresProcessesFor(launcher.dataDir)]);
      await rm(launcher.dataDir, { recursive: true, force: true });
    }
    launchers.clear();
  });

  test("SIGTERM to npm's process (as a supervisor sends it) stops bun and its Postgres, orderly", async () => {
    const { launcher, platformPids } = await launch();
    launcher.signal("SIGTERM");
    await Promise.race([launcher.exited, Bun.sleep(20_000)]);
    await expectAllGone(launcher, platformPids);
    expectOrderlyLog(launcher);
  }, 150_000);

  test("Ctrl-C (SIGINT to the whole foreground group) stops everything, logged as orderly", async () => {
    const { launcher, platformPids } = await launch();
    launcher.signalGroup("SIGINT");
    await expectAllGone(launcher, platformPids);
    expectOrderlyLog(launcher);
  }, 150_000);

  test("a launcher killed outright (SIGKILL): the platform notices and stops with its Postgres", async () => {
    const { launcher, platformPids } = await launch();
    launcher.signal("SIGKILL");
    await expectAllGone(launcher, platformPids);
    expect(launcher.logs.some((line) => line.msg === "shutting down" && line["signal"] === "parent exited")).toBe(true);
  }, 150_000);
});
