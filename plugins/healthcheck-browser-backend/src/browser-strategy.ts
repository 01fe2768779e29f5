import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { describeError, elapsedMs, startStrategyRun, timedOutResult, type StrategyRun } from "@checkstack/healthcheck-common/strategy-kit";
import { BrowserSession } from "./browser-session";
import { browserSettingsFromEnv, type BrowserSettings } from "./browser-settings";
import { BrowserSlots } from "./browser-slots";
import { browserCheckConfigSchema, type BrowserCheckConfig } from "./config";
import { runStep, shortError } from "./step-runner";
import { stepName, type Step } from "./steps";

/** One line of the step timeline stored with the run. */
export interface StepRecord {
  name: string;
  action: Step["action"];
  durationMs: number;
  ok: boolean;
  error?: string;
}

/** What a browser run needs besides its config: where Chromium is and the instance's browser cap. */
export interface BrowserRunnerDeps {
  settings: BrowserSettings;
  slots: BrowserSlots;
}

/** The metadata key of the failure screenshot, a PNG as a data: URL (the health-check plugin stores it with the run). */
export const SCREENSHOT_KEY = "screenshot";

/** Time kept back from the last step so a failure can still be photographed before the deadline. */
function screenshotReserveMs(timeoutMs: number): number {
  return Math.min(3_000, Math.floor(timeoutMs * 0.2));
}

function remainingMs(run: StrategyRun): number {
  return run.timeoutMs - (performance.now() - run.startedAt);
}

async function screenshotDataUrl(session: BrowserSession, timeoutMs: number): Promise<string | undefined> {
  try {
    const png = await session.page.screenshot({ type: "png", timeout: Math.max(timeoutMs, 100), animations: "disabled" });
    return `data:image/png;base64,${png.toString("base64")}`;
  } catch {
    // A page that cannot even be photographed (crashed renderer): the timeline still says why.
    return undefined;
  }
}

export async function runBrowserCheck(config: BrowserCheckConfig, context: HealthCheckRunContext | undefined, deps: BrowserRunnerDeps): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  const steps: StepRecord[] = [];
  let release: (() => void) | undefined;
  let session: BrowserSession | undefined;
  const onAbort = () => void session?.kill();
  run.signal.addEventListener("abort", onAbort, { once: true });
  const facts: Record<string, unknown> = {};
  try {
    release = await deps.slots.acquire(run.signal);
    facts.queuedMs = elapsedMs(run);
    try {
      session = await BrowserSession.launch({
        executablePath: deps.settings.executablePath,
        viewport: config.viewport,
        ignoreHttpsErrors: config.ignoreHttpsErrors,
        timeoutMs: Math.max(remainingMs(run), 1),
      });
    } catch (error) {
      // The launch's own timeout is the run's deadline; whichever timer fires first, it is the run's timeout.
      // Playwright's timer and the run's may fire a millisecond apart, so its TimeoutError counts too.
      const launchTimedOut = error instanceof Error && error.name === "TimeoutError";
      if (run.signal.aborted || launchTimedOut || remainingMs(run) <= 0) return timedOutResult(run, { ...facts, steps });
      return { healthy: false, latencyMs: elapsedMs(run), message: `could not start Chromium (${deps.settings.executablePath}): ${shortError(error)}`, metadata: facts };
    }
    // The abort may have fired while launching, before there was a session to kill.
    if (run.signal.aborted) return timedOutResult(run, { ...facts, steps });
    facts.launchMs = elapsedMs(run);
    const reserve = config.screenshotOnFailure ? screenshotReserveMs(run.timeoutMs) : 0;
    for (const [index, step] of config.steps.entries()) {
      const started = performance.now();
      const record = (ok: boolean, error?: string): StepRecord => {
        const entry: StepRecord = { name: stepName(step), action: step.action, durationMs: Math.round(performance.now() - started), ok, ...(error ? { error } : {}) };
        steps.push(entry);
        return entry;
      };
      const runBound = remainingMs(run) - reserve;
      const budget = Math.floor(Math.min(step.timeoutMs ?? Number.POSITIVE_INFINITY, runBound));
      // A step cut short by the check's deadline (not by its own timeoutMs) means the run timed out.
      const boundByRun = step.timeoutMs === undefined || step.timeoutMs >= runBound;
      try {
        if (budget < 1) throw new Error("no time left in the check's timeout");
        await runStep(session.page, step, budget, config.secrets);
        record(true);
      } catch (error) {
        if (run.signal.aborted) {
          record(false, "aborted at the check's timeout");
          return timedOutResult(run, { ...facts, steps });
        }
        // No time left before the step, or the step's wait ran out at the run's bound: the run timed out.
        const deadlineReached = budget < 1 || (boundByRun && error instanceof Error && error.name === "TimeoutError");
        const failed = record(false, deadlineReached ? "cut short by the check's timeout" : shortError(error));
        const metadata: Record<string, unknown> = { ...facts, steps, failedStep: index + 1, url: session.page.url() };
        if (config.screenshotOnFailure) {
          const screenshot = await screenshotDataUrl(session, Math.min(remainingMs(run), reserve));
          if (screenshot) metadata[SCREENSHOT_KEY] = screenshot;
        }
        if (deadlineReached) return timedOutResult(run, metadata);
        return { healthy: false, latencyMs: elapsedMs(run), message: `step ${index + 1} (${failed.name}) failed: ${failed.error ?? "unknown error"}`, metadata };
      }
    }
    const count = config.steps.length;
    return { healthy: true, latencyMs: elapsedMs(run), message: `${count} ${count === 1 ? "step" : "steps"} passed`, metadata: { ...facts, steps, url: session.page.url() } };
  } catch (error) {
    if (run.signal.aborted) return timedOutResult(run, { ...facts, steps });
    return { healthy: false, latencyMs: elapsedMs(run), message: `browser check failed: ${describeError(error)}`, metadata: { ...facts, steps } };
  } finally {
    run.signal.removeEventListener("abort", onAbort);
    // The slot is given back only once Chromium has exited: the cap counts processes, not runs.
    if (session) await session.kill();
    release?.();
  }
}

let defaultDeps: BrowserRunnerDeps | undefined;

/** The instance's settings and browser cap, read from the environment once (see browser-settings.ts). */
function instanceDeps(): BrowserRunnerDeps {
  if (!defaultDeps) {
    const settings = browserSettingsFromEnv();
    defaultDeps = { settings, slots: new BrowserSlots(settings.maxConcurrentBrowsers) };
  }
  return defaultDeps;
}

export const browserStrategy = defineHealthCheckStrategy({
  id: "browser",
  displayName: "Browser (scripted)",
  description: "Runs declarative steps (goto, click, fill, expectText, expectSelector, waitForSelector) in headless Chromium; keeps a step timeline and a screenshot of a failure.",
  configSchema: browserCheckConfigSchema,
  execute: (config, context) => runBrowserCheck(config, context, instanceDeps()),
});
