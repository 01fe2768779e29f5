import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { runBrowserCheck, type BrowserRunnerDeps, type StepRecord } from "./browser-strategy";
import { BrowserSlots } from "./browser-slots";
import { chromiumsLeft, startBrowserTestServer, type BrowserTestServer } from "./browser-test-server";
import { browserCheckConfigSchema } from "./config";
import { ensureCommand } from "@checkstack/test-utils";

let site: BrowserTestServer;
const deps: BrowserRunnerDeps = { settings: { executablePath: "/usr/bin/chromium", maxConcurrentBrowsers: 2 }, slots: new BrowserSlots(2) };

beforeAll(async () => {
  // The system's Chromium, as production uses it (.ci/run installs it ahead too).
  await ensureCommand("chromium", "chromium");
  site = startBrowserTestServer();
}, 300_000);

afterAll(async () => {
  await site?.stop();
});

// Generous: Chromium takes seconds to start on a loaded 2-core machine.
const context = (timeoutMs = 90_000) => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs });
const config = (steps: unknown[]) => browserCheckConfigSchema.parse({ steps, secrets: { password: "s3cret" } });

async function waitUntil(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (await condition()) return true;
    await Bun.sleep(50);
  }
  return condition();
}

const signIn = () => [
  { action: "goto", url: `${site.base}/` },
  { action: "fill", selector: "#user", value: "alice" },
  { action: "fill", selector: "#password", secret: "password", name: "password" },
  { action: "click", selector: 'button:has-text("Sign in")' },
  { action: "wait-for-selector", selector: "#greeting" },
  { action: "expectText", text: "Welcome, alice" },
  { action: "expectSelector", selector: "#login", state: "detached" },
];

describe("browser strategy", () => {
  test("a passing script is healthy with a step timeline, and Chromium is gone after", async () => {
    const result = await runBrowserCheck(config(signIn()), context(), deps);
    expect(result.message).toBe("7 steps passed");
    expect(result.healthy).toBe(true);
    const steps = result.metadata?.steps as StepRecord[];
    expect(steps.map((step) => [step.name, step.ok])).toEqual([
      [`goto ${site.base}/`, true],
      ["fill #user", true],
      ["password", true],
      ['click button:has-text("Sign in")', true],
      ["waitForSelector #greeting", true],
      ['expectText "Welcome, alice"', true],
      ["expectSelector #login", true],
    ]);
    for (const step of steps) expect(step.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.metadata).toMatchObject({ url: `${site.base}/welcome` });
    expect(result.metadata?.launchMs).toBeNumber();
    expect(result.metadata?.screenshot).toBeUndefined();
    expect(await chromiumsLeft()).toEqual([]);
  }, 120_000);

  test("a failing expectation is unhealthy, names the step, and keeps a PNG screenshot", async () => {
    const steps = [...signIn().slice(0, 4), { action: "expectText", text: "Welcome, bob", timeoutMs: 1_000 }];
    const result = await runBrowserCheck(config(steps), context(), deps);
    expect(result.healthy).toBe(false);
    expect(result.message).toBe('step 5 (expectText "Welcome, bob") failed: text "Welcome, bob" not found in body within 1000 ms');
    expect(result.metadata?.failedStep).toBe(5);
    const timeline = result.metadata?.steps as StepRecord[];
    expect(timeline.map((step) => step.ok)).toEqual([true, true, true, true, false]);
    expect(timeline[4]?.durationMs).toBeGreaterThanOrEqual(900);
    const screenshot = String(result.metadata?.screenshot);
    expect(screenshot).toStartWith("data:image/png;base64,");
    const png = Buffer.from(screenshot.slice("data:image/png;base64,".length), "base64");
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Width and height from the IHDR chunk: the configured viewport.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 720]);
    expect(await chromiumsLeft()).toEqual([]);
  }, 120_000);

  test("a page answering with an error status fails the goto step", async () => {
    const result = await runBrowserCheck(config([{ action: "goto", url: `${site.base}/missing` }]), context(), deps);
    expect(result.healthy).toBe(false);
    expect(result.message).toBe(`step 1 (goto ${site.base}/missing) failed: ${site.base}/missing answered HTTP 404`);
  }, 120_000);

  test("at the check's timeout Chromium is killed and the run says where it stood", async () => {
    const controller = new AbortController();
    const pending = runBrowserCheck(config([{ action: "goto", url: `${site.base}/slow` }]), { signal: controller.signal, timeoutMs: 90_000 }, deps);
    // Abort exactly while the page is loading: the run's timeout, as the scheduler fires it.
    expect(await waitUntil(() => site.pendingSlowRequests() > 0, 60_000)).toBe(true);
    controller.abort();
    const result = await pending;
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("timed out after 90000 ms");
    expect(result.metadata?.steps).toEqual([{ name: `goto ${site.base}/slow`, action: "goto", durationMs: expect.any(Number), ok: false, error: "aborted at the check's timeout" }]);
    expect(await chromiumsLeft()).toEqual([]);
    expect(await waitUntil(() => site.pendingSlowRequests() === 0, 5_000)).toBe(true);
  }, 120_000);

  test("a short run timeout ends the run in time, even during the launch", async () => {
    const started = performance.now();
    const result = await runBrowserCheck(config([{ action: "goto", url: `${site.base}/slow` }]), context(1_500), deps);
    expect(result.healthy).toBe(false);
    expect(result.message).toStartWith("timed out after 1500 ms");
    // Bounded by the deadline plus killing Chromium (the launch itself gives up at the deadline).
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(await chromiumsLeft()).toEqual([]);
  }, 120_000);

  test("the instance's cap holds: a second run waits for the first browser to close", async () => {
    const capped: BrowserRunnerDeps = { settings: deps.settings, slots: new BrowserSlots(1) };
    const script = config([{ action: "goto", url: `${site.base}/` }, { action: "expectSelector", selector: "#login" }]);
    const [first, second] = await Promise.all([runBrowserCheck(script, context(), capped), runBrowserCheck(script, context(), capped)]);
    expect([first.healthy, second.healthy]).toEqual([true, true]);
    expect(capped.slots.peak).toBe(1);
    const queued = [first.metadata?.queuedMs, second.metadata?.queuedMs].map(Number).sort((a, b) => a - b);
    // The second waited at least as long as the first took to launch its browser.
    expect(queued[1]).toBeGreaterThan(Number(first.metadata?.launchMs ?? second.metadata?.launchMs) / 2);
    expect(await chromiumsLeft()).toEqual([]);
  }, 120_000);

  test("a missing Chromium binary is a clear failure", async () => {
    const broken: BrowserRunnerDeps = { settings: { executablePath: "/nonexistent/chromium", maxConcurrentBrowsers: 1 }, slots: new BrowserSlots(1) };
    const result = await runBrowserCheck(config([{ action: "goto", url: `${site.base}/` }]), context(), broken);
    expect(result.healthy).toBe(false);
    expect(result.message).toStartWith("could not start Chromium (/nonexistent/chromium):");
  }, 120_000);
});
