import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { useTestDatabase } from "@checkstack/test-utils";
import { type ApiSession, startSignedIn } from "./support/api-session";
import { launchChromium, screenshot, signInThroughPage } from "./support/browser";
import { usePlatforms, type PlatformProcess } from "./support/platform-process";
import { expectAccessible, inBrowserPage, openFromNavigation } from "./support/web-ui-page";

/*
 * The web application in real Chromium against a real platform process on
 * real Postgres: the admin builds a monitored system through the pages, a
 * plain user is offered no administration, axe finds no serious
 * accessibility violation on the main screens, and the screens are saved as
 * screenshots (test-artifacts/screenshots/).
 */

// afterAll hooks run in declaration order: the platform stops before its database is dropped.
const platforms = usePlatforms("all");
const database = useTestDatabase();

const ADMIN = { email: "admin@example.com", password: "admin-password-1" };
const PLAIN = { email: "viewer@example.com", password: "viewer-password-1" };

let platform: PlatformProcess;
let browser: Browser;
let target: ReturnType<typeof Bun.serve>;

beforeAll(async () => {
  // The monitored service: a local HTTP server on 127.0.0.1.
  target = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok") });
  let admin: ApiSession;
  ({ platform, admin } = await startSignedIn(platforms, database.url, ADMIN));
  await admin.call("auth", "users/create", { email: PLAIN.email, displayName: "Viewer", password: PLAIN.password, roles: [] });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await target?.stop(true);
});

describe("web application", () => {
  test("the shell is served at / with hashed, long-cached assets; the API and probes stay theirs", async () => {
    const index = await platform.fetch("/some/client/route");
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toContain("text/html");
    expect(index.headers.get("cache-control")).toBe("no-cache");
    const html = await index.text();
    const script = /src="(\/assets\/shell-[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await platform.fetch(script!);
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await platform.fetch("/api/nope/x")).status).toBe(404);
    expect((await platform.fetch("/healthz")).headers.get("content-type")).toContain("application/json");
    const listing = (await (await platform.fetch("/assets/frontend-plugins.json")).json()) as { plugins: Array<{ pluginId: string; module?: string }> };
    expect(listing.plugins.map((plugin) => plugin.pluginId).sort()).toEqual(["auth", "catalog", "healthcheck", "incident", "maintenance", "notification", "settings", "statuspage"]);
    expect(listing.plugins.every((plugin) => plugin.module?.startsWith("/assets/plugin-"))).toBe(true);
  }, 120_000);

  test("an admin creates a team, a system and an HTTP check through the pages and sees its status", async () => {
    await inBrowserPage(browser, { width: 1280, height: 800 }, async (page, errors) => {
      await page.goto(`${platform.url}/`);
      await page.getByRole("heading", { name: "Sign in to Checkstack" }).waitFor({ timeout: 60_000 });
      await screenshot(page, "01-sign-in");
      await expectAccessible(page, "sign in");
      await signInThroughPage(page, platform.url, ADMIN.email, ADMIN.password);
      await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
      await page.getByText("No systems to show").waitFor();
      await screenshot(page, "02-dashboard-empty");
      await expectAccessible(page, "empty dashboard");

      await openFromNavigation(page, "Teams", "Teams");
      await page.getByRole("textbox", { name: /New team/ }).fill("Platform team");
      await page.getByRole("button", { name: "Create team" }).click();
      await page.getByRole("heading", { level: 2, name: "Platform team" }).waitFor({ timeout: 30_000 });
      await page.getByText('Team "Platform team" created').waitFor();
      await screenshot(page, "03-teams");
      await expectAccessible(page, "teams");

      await openFromNavigation(page, "Catalog", "Catalog");
      await page.getByText("No systems yet").waitFor();
      await page.getByRole("button", { name: "New system" }).click();
      const dialog = page.getByRole("dialog", { name: "New system" });
      await dialog.getByRole("textbox", { name: /^Name/ }).fill("Shop");
      await dialog.getByLabel("Owner team", { exact: true }).selectOption({ label: "Platform team" });
      await dialog.getByRole("button", { name: "Create system" }).click();
      await page.getByRole("link", { name: "Shop" }).waitFor({ timeout: 30_000 });
      await screenshot(page, "04-catalog");
      await expectAccessible(page, "catalog");

      await openFromNavigation(page, "Checks", "Checks");
      await page.getByRole("link", { name: "New check" }).click();
      await page.getByRole("heading", { level: 1, name: "New check" }).waitFor();
      await page.getByRole("textbox", { name: /^Name/ }).fill("Shop homepage");
      await page.getByRole("combobox", { name: "Systems" }).click();
      await page.getByRole("option", { name: "Shop" }).click();
      await page.keyboard.press("Escape");
      await page.getByRole("textbox", { name: /^Interval/ }).fill("2");
      await page.getByRole("textbox", { name: /^Timeout/ }).fill("1000");
      // The server refuses a credential in the URL: its message appears under the field.
      const url = page.getByRole("textbox", { name: /^Url/ });
      await url.fill(`http://127.0.0.1:${target.port}/health?token=abc`);
      await page.getByRole("button", { name: "Create check" }).click();
      await page.getByText(/url may not carry the credential query parameter "token"/).first().waitFor({ timeout: 30_000 });
      expect(await url.getAttribute("aria-invalid")).toBe("true");
      await screenshot(page, "05-check-form-field-error");
      await expectAccessible(page, "check form");
      await url.fill(`http://127.0.0.1:${target.port}/health`);
      await page.getByRole("button", { name: "Create check" }).click();

      // Saved: the system's page shows the check turning healthy.
      await page.waitForURL(/\/systems\/[0-9a-f-]{36}$/, { timeout: 30_000 });
      await page.locator('[data-testid="check-card"] [data-status="healthy"]').waitFor({ timeout: 120_000 });
      await page.locator("table").getByText("Shop homepage").first().waitFor({ timeout: 60_000 });
      await screenshot(page, "06-system-detail");
      await expectAccessible(page, "system detail");

      await openFromNavigation(page, "Dashboard", "Dashboard");
      await page.locator('[data-system-name="Shop"] [data-status="healthy"]').waitFor({ timeout: 60_000 });
      await screenshot(page, "07-dashboard");
      await expectAccessible(page, "dashboard");

      for (const [label, heading, file] of [
        ["Users", "Users", "08-users"],
        ["Roles", "Roles", "09-roles"],
        ["API keys", "API keys", "10-api-keys"],
        ["Plugins", "Plugins", "11-plugins"],
        ["Audit log", "Audit log", "12-audit-log"],
      ] as const) {
        await openFromNavigation(page, label, heading);
        await page.getByRole("progressbar").or(page.getByLabel("Loading")).first().waitFor({ state: "detached", timeout: 30_000 }).catch(() => undefined);
        await page.locator("table, [data-testid=empty-state], details").first().waitFor({ timeout: 30_000 });
        await screenshot(page, file);
        await expectAccessible(page, label);
      }

      // An API key is shown once, at creation.
      await openFromNavigation(page, "API keys", "API keys");
      await page.getByRole("button", { name: "New API key" }).click();
      const keyDialog = page.getByRole("dialog", { name: "New API key" });
      await keyDialog.getByRole("textbox", { name: /^Name/ }).fill("deploy pipeline");
      await keyDialog.getByRole("button", { name: "Create API key" }).click();
      const key = await page.getByTestId("new-api-key").textContent({ timeout: 30_000 });
      expect(key?.length).toBeGreaterThan(20);
      await screenshot(page, "13-api-key-shown-once");
      await page.keyboard.press("Escape");
      await page.getByRole("cell", { name: "deploy pipeline", exact: true }).waitFor();
      // Revoking calls applications.delete({ applicationId }): the row goes away.
      await page.getByRole("button", { name: "Revoke API key deploy pipeline" }).click();
      await page.getByRole("dialog", { name: "Please confirm" }).getByRole("button", { name: "Revoke" }).click();
      await page.getByRole("cell", { name: "deploy pipeline", exact: true }).waitFor({ state: "detached", timeout: 30_000 });
      // The audit log renders audit.list's items: the changes made above are rows of it.
      await openFromNavigation(page, "Audit log", "Audit log");
      await page.locator("table tbody tr").first().waitFor({ timeout: 30_000 });

      // Dark theme, and the dashboard at 375 px.
      await openFromNavigation(page, "Dashboard", "Dashboard");
      await page.getByText("Dark", { exact: true }).click();
      await page.waitForFunction('document.documentElement.getAttribute("data-mantine-color-scheme") === "dark"');
      await screenshot(page, "14-dashboard-dark");
      await expectAccessible(page, "dashboard, dark");
      // A phone: the page loaded at 375 px scrolls only vertically.
      await page.setViewportSize({ width: 375, height: 740 });
      await page.goto(`${platform.url}/`);
      await page.locator('[data-system-name="Shop"]').waitFor({ timeout: 30_000 });
      // Evaluated in the page (a string: this file is compiled without the DOM's types).
      const overflowing = await page.evaluate<string[]>(`document.documentElement.scrollWidth <= 375 ? [] :
        [...document.querySelectorAll("body *")].filter((element) => element.getBoundingClientRect().right > 376)
          .slice(0, 10).map((element) => element.tagName + "." + String(element.className).slice(0, 80))`);
      expect(overflowing).toEqual([]);
      await screenshot(page, "15-dashboard-375px");
      await page.getByRole("button", { name: "Open navigation" }).click();
      await page.getByRole("navigation").getByRole("link", { name: "Catalog" }).waitFor();
      await screenshot(page, "16-navigation-375px");
      expect(errors).toEqual([]);
    });
  }, 400_000);

  test("a user without administrative rules is offered no administration, and the API refuses it", async () => {
    await inBrowserPage(browser, { width: 1280, height: 800 }, async (page, errors) => {
      await signInThroughPage(page, platform.url, PLAIN.email, PLAIN.password);
      await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor({ timeout: 30_000 });
      const navigation = page.getByRole("navigation");
      await navigation.getByRole("link", { name: "Dashboard" }).waitFor();
      for (const label of ["Users", "Roles", "API keys", "Plugins", "Audit log"]) {
        expect(await navigation.getByRole("link", { name: label, exact: true }).count()).toBe(0);
      }
      await screenshot(page, "17-plain-user-dashboard");
      await page.goto(`${platform.url}/admin/users`);
      await page.getByRole("heading", { name: "Page not found" }).waitFor({ timeout: 30_000 });
      const status = await page.evaluate(async () => {
        const response = await fetch("/api/auth/users/list", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
        return response.status;
      });
      expect(status).toBe(403);
      expect(errors).toEqual([]);
    });
  }, 200_000);
});
