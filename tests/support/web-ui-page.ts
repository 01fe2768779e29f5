import { expect } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { seriousAccessibilityViolations } from "./browser";

/** Collects script errors of the page, for a test to assert none happened. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** axe-core finds no serious or critical violation on the page as it is now; `screen` names it in the failure. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await seriousAccessibilityViolations(page);
  expect({ screen, violations }).toEqual({ screen, violations: [] });
}

/** Follows a link of the shell's navigation and waits for the page's heading. */
export async function openFromNavigation(page: Page, label: string, heading: string): Promise<void> {
  await page.getByRole("navigation").getByRole("link", { name: label, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: heading }).waitFor({ timeout: 30_000 });
}

/** Elements sticking out to the right of a `width`-px viewport (empty when the page only scrolls vertically). */
export async function overflowingElements(page: Page, width: number): Promise<string[]> {
  // Evaluated in the page (a string: the tests are compiled without the DOM's types).
  return page.evaluate<string[]>(`document.documentElement.scrollWidth <= ${width} ? [] :
    [...document.querySelectorAll("body *")].filter((element) => element.getBoundingClientRect().right > ${width + 1})
      .slice(0, 10).map((element) => element.tagName + "." + String(element.className).slice(0, 80))`);
}

/**
 * Runs `work` in a fresh browser context and page of `viewport`, the page's script errors collected
 * (for the test to assert on); the context is closed afterwards, whatever happens.
 */
export async function inBrowserPage(
  browser: Browser,
  viewport: { width: number; height: number },
  work: (page: Page, errors: string[], context: BrowserContext) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await work(page, errors, context);
  } finally {
    await context.close();
  }
}
