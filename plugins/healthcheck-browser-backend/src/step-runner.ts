import type { Page } from "playwright-core";
import type { Step } from "./steps";

/** Runs one step in the page; rejects with a message fit for the timeline when it fails or takes longer than timeoutMs. */
export async function runStep(page: Page, step: Step, timeoutMs: number, secrets: Readonly<Record<string, string>>): Promise<void> {
  switch (step.action) {
    case "goto": {
      const response = await page.goto(step.url, { waitUntil: step.waitUntil, timeout: timeoutMs });
      // A browser shows error pages too; a check that opens one should not pass silently.
      if (response && response.status() >= 400) throw new Error(`${step.url} answered HTTP ${response.status()}`);
      return;
    }
    case "click":
      try {
        await page.locator(step.selector).first().click({ timeout: timeoutMs });
      } catch (error) {
        throw expectationError(error, `${step.selector} could not be clicked within ${timeoutMs} ms`);
      }
      return;
    case "fill":
      try {
        await page.locator(step.selector).first().fill(fillValue(step, secrets), { timeout: timeoutMs });
      } catch (error) {
        throw expectationError(error, `${step.selector} could not be filled within ${timeoutMs} ms`);
      }
      return;
    case "expectText":
      try {
        await page.locator(step.selector, { hasText: step.text }).first().waitFor({ state: "visible", timeout: timeoutMs });
      } catch (error) {
        throw expectationError(error, `text ${JSON.stringify(step.text)} not found in ${step.selector} within ${timeoutMs} ms`);
      }
      return;
    case "expectSelector":
      try {
        await page.locator(step.selector).first().waitFor({ state: step.state, timeout: timeoutMs });
      } catch (error) {
        throw expectationError(error, `${step.selector} not ${step.state} within ${timeoutMs} ms`);
      }
      return;
    case "waitForSelector":
    case "wait-for-selector":
      try {
        await page.locator(step.selector).first().waitFor({ state: step.state, timeout: timeoutMs });
      } catch (error) {
        throw expectationError(error, `${step.selector} not ${step.state} within ${timeoutMs} ms`);
      }
      return;
  }
}

function fillValue(step: Extract<Step, { action: "fill" }>, secrets: Readonly<Record<string, string>>): string {
  if (step.secret === undefined) return step.value ?? "";
  const value = secrets[step.secret];
  // The config schema checks the name; a config stored before that check could still miss it.
  if (value === undefined) throw new Error(`secret "${step.secret}" is not among the check's secrets`);
  return value;
}

/** Playwright's timeout text explains its internals; the step's own words say what was expected. Other errors pass through. */
function expectationError(error: unknown, expectation: string): Error {
  if (error instanceof Error && error.name === "TimeoutError") return new Error(expectation);
  return error instanceof Error ? error : new Error(String(error));
}

/** Playwright messages carry a multi-line call log; the first line says what happened. */
export function shortError(error: unknown, limit = 300): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split("\n")[0]?.trim() ?? text;
  return firstLine.length > limit ? `${firstLine.slice(0, limit)}…` : firstLine;
}
