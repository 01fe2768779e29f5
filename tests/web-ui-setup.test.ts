import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { useTestDatabase } from "@checkstack/test-utils";
import { signIn } from "./support/api-session";
import { launchChromium, screenshot, seriousAccessibilityViolations } from "./support/browser";
import { newSecretKey, usePlatforms, type PlatformProcess } from "./support/platform-process";
import { inBrowserPage } from "./support/web-ui-page";

/*
 * First-run setup in real Chromium: a platform started without
 * CHECKSTACK_ADMIN_EMAIL/PASSWORD logs a one-time link; whoever opens it
 * chooses the first administrator and is signed in. A wrong token is refused
 * with a clear message and creates nobody; the used link is refused after.
 */

// afterAll hooks run in declaration order: the platform stops before its database is dropped.
const platforms = usePlatforms("all");
const database = useTestDatabase();

const ADMIN = { email: "first-admin@example.com", password: "first-admin-passphrase" };

let platform: PlatformProcess;
let browser: Browser;
/** Path and query of the logged link: the log names the configured public URL, the test reaches the process's port. */
let setupPath: string;

beforeAll(async () => {
  platform = await platforms.start({ databaseUrl: database.url, secretKey: newSecretKey() });
  await platform.waitForReady(180_000);
  const line = await platform.waitForLog((entry) => entry.msg.startsWith("FIRST-RUN SETUP"), 60_000);
  const logged = new URL(String(line["setupUrl"]));
  setupPath = `${logged.pathname}${logged.search}`;
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

describe("first-run setup page", () => {
  test("the sign-in page points to the logged link while no user exists", async () => {
    await inBrowserPage(browser, { width: 1280, height: 800 }, async (page) => {
      await page.goto(`${platform.url}/`);
      await page.getByRole("heading", { name: "Sign in to Checkstack" }).waitFor({ timeout: 60_000 });
      await page.getByText("First start: no user exists yet").waitFor({ timeout: 30_000 });
      await screenshot(page, "setup-01-sign-in-hint");
    });
  }, 120_000);

  test("a wrong token is refused with a clear message and creates nobody", async () => {
    await inBrowserPage(browser, { width: 1280, height: 800 }, async (page) => {
      await page.goto(`${platform.url}/setup?token=not-the-logged-token`);
      await page.getByRole("heading", { level: 1, name: "Set up Checkstack" }).waitFor({ timeout: 60_000 });
      await page.getByRole("textbox", { name: "Email" }).fill("intruder@example.com");
      await page.getByRole("textbox", { name: "Password", exact: true }).fill("intruder-passphrase");
      await page.getByRole("textbox", { name: "Repeat password" }).fill("intruder-passphrase");
      await page.getByRole("button", { name: "Create administrator and sign in" }).click();
      const refusal = page.getByRole("alert").filter({ hasText: "Setup refused" });
      await refusal.waitFor({ timeout: 30_000 });
      expect(await refusal.textContent()).toContain("This setup link is not valid");
      await screenshot(page, "setup-02-wrong-token");
      // Still no user: the platform waits for its first administrator.
      const state = await platform.fetch("/api/auth/getSetupState", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(((await state.json()) as { json: { setupRequired: boolean } }).json.setupRequired).toBe(true);
    });
  }, 120_000);

  test("without a token the page says to open the logged link and offers no submit", async () => {
    await inBrowserPage(browser, { width: 1280, height: 800 }, async (page) => {
      await page.goto(`${platform.url}/setup`);
      await page.getByText("This page needs the setup link").waitFor({ timeout: 60_000 });
      expect(await page.getByRole("button", { name: "Create administrator and sign in" }).isDisabled()).toBe(true);
    });
  }, 120_000);

  test("the logged link creates the chosen administrator, signs them in, and works only once", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // A second browser holding the same link, opened before the first completes.
    const otherContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await otherContext.newPage();
    try {
      await other.goto(`${platform.url}${setupPath}`);
      await other.getByRole("heading", { level: 1, name: "Set up Checkstack" }).waitFor({ timeout: 60_000 });

      await page.goto(`${platform.url}${setupPath}`);
      await page.getByRole("heading", { level: 1, name: "Set up Checkstack" }).waitFor({ timeout: 60_000 });
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByRole("textbox", { name: "Email" }).fill(ADMIN.email);
      await page.getByRole("textbox", { name: "Display name" }).fill("First Admin");
      await page.getByRole("textbox", { name: "Password", exact: true }).fill(ADMIN.password);
      // Mismatched repetition: caught in the page, nothing sent.
      await page.getByRole("textbox", { name: "Repeat password" }).fill("something else entirely");
      await page.getByRole("button", { name: "Create administrator and sign in" }).click();
      await page.getByText("The two passwords differ").waitFor({ timeout: 10_000 });
      await screenshot(page, "setup-03-form");
      await page.getByRole("textbox", { name: "Repeat password" }).fill(ADMIN.password);
      await page.getByRole("button", { name: "Create administrator and sign in" }).click();

      // Signed in as the new administrator, who is offered administration.
      await page.getByRole("button", { name: /^Account menu of/ }).waitFor({ timeout: 60_000 });
      await page.getByRole("navigation").getByRole("link", { name: "Users", exact: true }).waitFor({ timeout: 30_000 });
      expect(new URL(page.url()).pathname).not.toBe("/setup");
      await screenshot(page, "setup-04-signed-in");

      // The account works for a fresh sign-in too, and holds the admin role.
      const session = await signIn(platform, ADMIN.email, ADMIN.password);
      const users = await session.call<Array<{ email: string; roles: string[] }>>("auth", "users/list", {});
      expect(users.find((user) => user.email === ADMIN.email)?.roles).toContain("admin");

      // The other browser submits the same link after it was used: refused, nothing created.
      await other.getByRole("textbox", { name: "Email" }).fill("second@example.com");
      await other.getByRole("textbox", { name: "Password", exact: true }).fill("second-passphrase");
      await other.getByRole("textbox", { name: "Repeat password" }).fill("second-passphrase");
      await other.getByRole("button", { name: "Create administrator and sign in" }).click();
      const refusal = other.getByRole("alert").filter({ hasText: "Setup refused" });
      await refusal.waitFor({ timeout: 30_000 });
      expect(await refusal.textContent()).toMatch(/already (complete|been used)/);
      await screenshot(other, "setup-05-used-link-refused");

      // Opening the used link later says setup is done and points to sign-in.
      const later = await browser.newContext();
      const laterPage = await later.newPage();
      await laterPage.goto(`${platform.url}${setupPath}`);
      await laterPage.getByRole("heading", { level: 1, name: "Setup is already complete" }).waitFor({ timeout: 60_000 });
      await later.close();
    } finally {
      await context.close();
      await otherContext.close();
    }
  }, 180_000);
});
