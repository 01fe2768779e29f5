import { isSecretSchema } from "@checkstack/backend-api";
import { describe, expect, test } from "bun:test";
import type { z } from "zod";
import { BrowserSlots } from "./browser-slots";
import { browserSettingsFromEnv } from "./browser-settings";
import { browserCheckConfigSchema } from "./config";
import { stepName, stepSchema } from "./steps";

const issues = (input: unknown) => browserCheckConfigSchema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];
const goto = { action: "goto", url: "http://127.0.0.1/" };

function expectDescribed(shape: Record<string, z.ZodType>, where: string): void {
  for (const [name, field] of Object.entries(shape)) expect({ where, name, description: field.description }).toEqual({ where, name, description: expect.any(String) });
}

describe("browser check config", () => {
  test("secrets are marked; every field, of the config and of each step kind, is described", () => {
    const { shape } = browserCheckConfigSchema;
    expect(isSecretSchema(shape.secrets.unwrap().valueType)).toBe(true);
    expectDescribed(shape, "config");
    for (const option of stepSchema.options) expectDescribed(option.shape, String(option.shape.action.description));
  });

  test("steps are declarative and validated, naming the field", () => {
    expect(issues({ steps: [] })).toEqual(["a browser check needs at least one step"]);
    expect(issues({ steps: [{ action: "evaluate", script: "1" }] })).toEqual(["action must be one of goto, click, fill, expectText, expectSelector, waitForSelector"]);
    expect(issues({ steps: [{ action: "goto", url: "file:///etc/passwd" }] })).toEqual(["url must be an absolute http:// or https:// URL"]);
    expect(issues({ steps: [goto, { action: "fill", selector: "#a" }] })).toEqual(["a fill step needs exactly one of value or secret"]);
    expect(issues({ steps: [goto, { action: "fill", selector: "#a", secret: "pw" }] })).toEqual(['secret "pw" is not among the check\'s secrets']);
    expect(issues({ steps: [goto, { action: "click", selector: " " }] })).toEqual(["selector cannot be empty"]);
    expect(issues({ steps: [goto, { action: "expectSelector", selector: "#a", state: "shiny" }] })).toEqual(["state must be one of visible, hidden, attached, detached"]);
    const path = browserCheckConfigSchema.safeParse({ steps: [goto, { action: "click", selector: "" }] }).error?.issues[0]?.path;
    expect(path).toEqual(["steps", 1, "selector"]);
  });

  test("defaults and step names; wait-for-selector is accepted as waitForSelector", () => {
    const config = browserCheckConfigSchema.parse({ steps: [goto, { action: "wait-for-selector", selector: "#x" }, { action: "expectText", text: "Hi" }] });
    expect(config).toMatchObject({ viewport: { width: 1280, height: 720 }, ignoreHttpsErrors: false, screenshotOnFailure: true, secrets: {} });
    expect(config.steps.map(stepName)).toEqual(["goto http://127.0.0.1/", "waitForSelector #x", 'expectText "Hi"']);
  });
});

describe("browser settings", () => {
  test("come from the environment, with defaults and clear errors", () => {
    expect(browserSettingsFromEnv({})).toEqual({ executablePath: "/usr/bin/chromium", maxConcurrentBrowsers: 2 });
    expect(browserSettingsFromEnv({ CHECKSTACK_CHROMIUM_PATH: "/opt/chrome", CHECKSTACK_BROWSER_MAX_CONCURRENCY: "4" })).toEqual({
      executablePath: "/opt/chrome",
      maxConcurrentBrowsers: 4,
    });
    expect(() => browserSettingsFromEnv({ CHECKSTACK_BROWSER_MAX_CONCURRENCY: "0" })).toThrow("CHECKSTACK_BROWSER_MAX_CONCURRENCY must be at least 1");
    expect(() => browserSettingsFromEnv({ CHECKSTACK_CHROMIUM_PATH: "chromium" })).toThrow("CHECKSTACK_CHROMIUM_PATH must be an absolute path");
  });
});

describe("browser slots", () => {
  test("grant in order up to the cap; an aborted wait leaves the queue", async () => {
    const slots = new BrowserSlots(1);
    const first = await slots.acquire(new AbortController().signal);
    const giveUp = new AbortController();
    const abandoned = slots.acquire(giveUp.signal);
    const second = slots.acquire(new AbortController().signal);
    giveUp.abort();
    await expect(abandoned).rejects.toThrow("aborted");
    first();
    const release = await second;
    expect(slots.peak).toBe(1);
    release();
    release();
    const again = await slots.acquire(new AbortController().signal);
    again();
  });
});
