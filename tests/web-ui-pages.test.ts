import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { useTestDatabase } from "@checkstack/test-utils";
import { type ApiSession, signIn, startSignedIn } from "./support/api-session";
import { launchChromium, screenshot, signInThroughPage } from "./support/browser";
import { usePlatforms, type PlatformProcess } from "./support/platform-process";
import { waitFor } from "./support/poll";
import { expectAccessible, inBrowserPage, openFromNavigation, overflowingElements } from "./support/web-ui-page";

/*
 * The incident, maintenance, status-page and settings screens in real
 * Chromium against a real platform process on real Postgres: an admin
 * creates and publishes a status page with two sections and opens it at
 * /status/<slug>, posts an incident and sees it on that public page,
 * schedules a repeating maintenance and cancels one occurrence, and changes
 * settings. axe finds no serious violation on each screen, every screen fits
 * 375 px, and screenshots go to test-artifacts/screenshots/ (pages-*.png).
 */

// afterAll hooks run in declaration order: the platform stops before its database is dropped.
const platforms = usePlatforms("all");
const database = useTestDatabase();

const ADMIN = { email: "admin@example.com", password: "admin-password-1" };
const PLAIN = { email: "reader@example.com", password: "reader-password-1" };
const SLUG = "acme-status";

let platform: PlatformProcess;
let browser: Browser;

beforeAll(async () => {
  let admin: ApiSession;
  ({ platform, admin } = await startSignedIn(platforms, database.url, ADMIN));
  await admin.call("auth", "users/create", { email: PLAIN.email, displayName: "Reader", password: PLAIN.password, roles: [] });
  // The catalog the screens pick from: two systems, one of them in a group.
  await admin.call("catalog", "createSystem", { name: "Shop" });
  const payments = await admin.call<{ id: string }>("catalog", "createSystem", { name: "Payments API" });
  const group = await admin.call<{ id: string }>("catalog", "createGroup", { name: "Backend" });
  await admin.call("catalog", "addSystemToGroup", { groupId: group.id, systemId: payments.id });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

/** Elements sticking out past a 375 px viewport (none: the page scrolls only vertically). */
async function overflowAt375(page: Page, screen: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 740 });
  // The shell collapses its navigation on a re-render after the resize: measure once it has.
  await page.getByRole("button", { name: "Open navigation" }).waitFor({ timeout: 30_000 });
  const measure = () => overflowingElements(page, 375);
  let overflowing = await measure();
  // Layout settles over a few frames; a real overflow stays and fails below.
  await waitFor(async () => (overflowing = await measure()).length === 0, { timeoutMs: 10_000, description: `${screen} fitting 375 px` }).catch(() => undefined);
  await screenshot(page, `pages-375px-${screen}`);
  expect({ screen, overflowing }).toEqual({ screen, overflowing: [] });
  if (size) await page.setViewportSize(size);
}

/** Picks an option of a Mantine select or multi-select opened by clicking `input`. */
async function pick(page: Page, input: ReturnType<Page["getByLabel"]>, option: string): Promise<void> {
  await input.click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

/** The public page's HTML once it contains `text` (its cache may hold an older copy for a few seconds). */
async function publicPageShowing(text: string): Promise<string> {
  let html = "";
  await waitFor(
    async () => {
      const response = await platform.fetch(`/status/${SLUG}`);
      html = await response.text();
      return response.status === 200 && html.includes(text);
    },
    { timeoutMs: 60_000, intervalMs: 500, description: `/status/${SLUG} showing "${text}"` },
  );
  return html;
}

describe("incident, maintenance, status-page and settings screens", () => {
  test("the new frontend plugins are listed for the shell", async () => {
    const listing = (await (await platform.fetch("/assets/frontend-plugins.json")).json()) as { plugins: Array<{ pluginId: string }> };
    const ids = listing.plugins.map((plugin) => plugin.pluginId);
    for (const id of ["incident", "maintenance", "statuspage", "settings"]) expect(ids).toContain(id);
  }, 120_000);

  test("an admin builds and publishes a status page, posts an incident that shows on it, schedules maintenance and changes settings", async () => {
    await inBrowserPage(browser, { width: 1280, height: 900 }, async (page, errors, context) => {
      await signInThroughPage(page, platform.url, ADMIN.email, ADMIN.password);

      // ---- Status page: two sections (a system, a group), published, opened at /status/<slug>.
      await openFromNavigation(page, "Status pages", "Status pages");
      await page.getByText("No status pages yet").waitFor({ timeout: 30_000 });
      await screenshot(page, "pages-01-status-pages-empty");
      await expectAccessible(page, "status pages, empty");
      await page.getByRole("link", { name: "New status page" }).first().click();
      await page.getByRole("heading", { level: 1, name: "New status page" }).waitFor();
      await page.getByRole("textbox", { name: /^Title/ }).fill("Acme Status");
      // The slug follows the title until edited.
      expect(await page.getByRole("textbox", { name: /^Slug/ }).inputValue()).toBe(SLUG);
      await page.getByRole("textbox", { name: /^Description/ }).fill("How Acme's services are doing.");
      await page.getByRole("textbox", { name: /^Accent colour/ }).fill("#7048e8");
      await page.getByRole("button", { name: "Add section" }).click();
      await page.getByRole("textbox", { name: /^Section 1 title/ }).fill("Storefront");
      await pick(page, page.getByLabel("System to add to section 1", { exact: true }), "Shop");
      await page.getByRole("textbox", { name: /^Public name of Shop \(system\)/ }).fill("Online shop");
      await page.getByRole("button", { name: "Add section" }).click();
      await page.getByRole("textbox", { name: /^Section 2 title/ }).fill("Services");
      await page.getByRole("combobox", { name: "Kind of entry to add to section 2" }).selectOption("group");
      await pick(page, page.getByLabel("Group to add to section 2", { exact: true }), "Backend");
      await page.getByRole("textbox", { name: /^Public name of Backend \(group\)/ }).fill("Backend services");
      // The preview follows the form as it is typed.
      const preview = page.getByTestId("status-page-preview");
      await preview.getByText("Online shop").waitFor();
      await preview.getByText("Backend services").waitFor();
      await screenshot(page, "pages-02-status-page-editor");
      await expectAccessible(page, "status page editor");
      await page.getByRole("button", { name: "Create page" }).click();
      await page.waitForURL(/\/status-pages\/[0-9a-f-]{36}$/, { timeout: 30_000 });
      await page.getByRole("heading", { level: 1, name: "Acme Status" }).waitFor();
      // Not published yet: the public address answers 404.
      expect((await platform.fetch(`/status/${SLUG}`)).status).toBe(404);
      await page.getByRole("button", { name: "Publish", exact: true }).click();
      await page.getByText(`Published at /status/${SLUG}`).waitFor({ timeout: 30_000 });
      const publicLink = page.getByTestId("public-link");
      await publicLink.waitFor({ timeout: 30_000 });
      expect(await publicLink.getAttribute("href")).toBe(`/status/${SLUG}`);
      await screenshot(page, "pages-03-status-page-published");
      await expectAccessible(page, "published status page editor");
      await overflowAt375(page, "status-page-editor");

      const publicPage = await context.newPage();
      await publicPage.goto(`${platform.url}/status/${SLUG}`);
      await publicPage.getByRole("heading", { name: "Storefront" }).waitFor({ timeout: 30_000 });
      await publicPage.getByText("Online shop").first().waitFor();
      await publicPage.getByRole("heading", { name: "Services" }).waitFor();
      await publicPage.getByText("Backend services").first().waitFor();
      // Internal names stay internal.
      expect(await publicPage.getByText("Payments API").count()).toBe(0);
      await screenshot(publicPage, "pages-04-public-status-page");

      await openFromNavigation(page, "Status pages", "Status pages");
      await page.getByTestId("status-page-row").filter({ hasText: "Acme Status" }).getByText("Published").waitFor();
      await screenshot(page, "pages-05-status-pages-list");
      await expectAccessible(page, "status pages list");

      // ---- Incident: opened with a per-system impact, updated, shown on the public page, resolved.
      await openFromNavigation(page, "Incidents", "Incidents");
      await page.getByText("No active incidents").waitFor({ timeout: 30_000 });
      await screenshot(page, "pages-06-incidents-empty");
      await expectAccessible(page, "incidents, empty");
      await page.getByRole("link", { name: "New incident" }).click();
      await page.getByRole("heading", { level: 1, name: "New incident" }).waitFor();
      // The server's messages land on their fields: an empty title and update are refused.
      await page.getByRole("button", { name: "Open incident" }).click();
      await page.getByText("the title must not be empty", { exact: true }).waitFor({ timeout: 30_000 });
      expect(await page.getByRole("textbox", { name: /^Title/ }).getAttribute("aria-invalid")).toBe("true");
      await page.getByRole("textbox", { name: /^Title/ }).fill("Checkout errors");
      await page.getByRole("combobox", { name: /^Impact/ }).selectOption("major");
      await pick(page, page.getByRole("combobox", { name: /^Affected systems/ }), "Shop");
      await page.keyboard.press("Escape");
      await page.getByRole("combobox", { name: "Impact on Shop" }).selectOption("critical");
      await page.getByRole("textbox", { name: /^First update/ }).fill("Payments fail at checkout; we are investigating.");
      await screenshot(page, "pages-07-incident-form");
      await expectAccessible(page, "incident form");
      await overflowAt375(page, "incident-form");
      await page.getByRole("button", { name: "Open incident" }).click();
      await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/, { timeout: 30_000 });
      await page.getByRole("heading", { level: 1, name: "Checkout errors" }).waitFor();
      await page.getByText("Payments fail at checkout; we are investigating.").waitFor();
      await page.getByRole("textbox", { name: /^Update/ }).fill("A faulty deploy was identified and is being rolled back.");
      await page.getByRole("combobox", { name: "Status" }).selectOption("identified");
      await page.getByRole("button", { name: "Post update" }).click();
      await page.getByText("Update posted").waitFor({ timeout: 30_000 });
      await waitFor(async () => (await page.getByTestId("timeline-entry").count()) === 2, { timeoutMs: 30_000, description: "two timeline entries" });
      await screenshot(page, "pages-08-incident-detail");
      await expectAccessible(page, "incident detail");
      await overflowAt375(page, "incident-detail");

      const withIncident = await publicPageShowing("Checkout errors");
      expect(withIncident).toContain("A faulty deploy was identified");
      await publicPage.reload();
      await publicPage.getByText("Checkout errors").first().waitFor({ timeout: 30_000 });
      await screenshot(publicPage, "pages-09-public-page-with-incident");

      await openFromNavigation(page, "Incidents", "Incidents");
      await page.getByTestId("incident-row").filter({ hasText: "Checkout errors" }).waitFor({ timeout: 30_000 });
      await screenshot(page, "pages-10-incidents-list");
      await expectAccessible(page, "incidents list");
      await page.getByRole("link", { name: "Checkout errors" }).click();
      await page.getByRole("button", { name: "Resolve", exact: true }).click();
      const resolveDialog = page.getByRole("dialog", { name: "Resolve this incident?" });
      await resolveDialog.getByRole("button", { name: "Resolve incident" }).click();
      await page.getByText("Incident resolved").waitFor({ timeout: 30_000 });
      await page.locator('[data-status="resolved"]').first().waitFor({ timeout: 30_000 });
      expect(await page.getByRole("button", { name: "Post update" }).count()).toBe(0);

      // ---- Maintenance: a weekly window, then one occurrence cancelled.
      await openFromNavigation(page, "Maintenance", "Maintenance");
      await page.getByText("No maintenance windows").waitFor({ timeout: 30_000 });
      await screenshot(page, "pages-11-maintenance-empty");
      await expectAccessible(page, "maintenance, empty");
      await page.getByRole("link", { name: "Schedule maintenance" }).first().click();
      await page.getByRole("heading", { level: 1, name: "Schedule maintenance" }).waitFor();
      await page.getByRole("textbox", { name: /^Title/ }).fill("Database upgrade");
      await page.getByRole("textbox", { name: /^Description/ }).fill("The shop is read-only for a few minutes.");
      await pick(page, page.getByRole("combobox", { name: /^Systems/ }), "Shop");
      await page.keyboard.press("Escape");
      await page.getByRole("combobox", { name: /^Repeats/ }).selectOption("weekly");
      // Every day of the week: the next 30 days hold several occurrences whatever today is.
      for (const day of ["Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]) await page.getByRole("checkbox", { name: day }).check();
      await page.getByRole("combobox", { name: /^Repeats/ }).focus();
      await screenshot(page, "pages-12-maintenance-form");
      await expectAccessible(page, "maintenance form");
      await overflowAt375(page, "maintenance-form");
      // The monthly choice offers the month's last day.
      await page.getByRole("combobox", { name: /^Repeats/ }).selectOption("monthly");
      await page.getByRole("combobox", { name: /^Day of the month/ }).selectOption("last");
      await page.getByRole("combobox", { name: /^Repeats/ }).selectOption("weekly");
      for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]) await page.getByRole("checkbox", { name: day }).check();
      await page.getByRole("button", { name: "Schedule maintenance" }).click();
      await page.waitForURL(/\/maintenance\/[0-9a-f-]{36}$/, { timeout: 30_000 });
      await page.getByRole("heading", { level: 1, name: "Database upgrade" }).waitFor();
      await page.getByText("Every Monday, Tuesday, Wednesday, Thursday, Friday, Saturday and Sunday").waitFor();
      const rows = page.getByTestId("occurrence-row");
      await rows.first().waitFor({ timeout: 30_000 });
      const scheduledBefore = await rows.filter({ hasText: "Scheduled" }).count();
      expect(scheduledBefore).toBeGreaterThan(1);
      await rows.filter({ hasText: "Scheduled" }).first().getByRole("button", { name: /^Cancel the occurrence of/ }).click();
      await page.getByRole("dialog", { name: "Please confirm" }).getByRole("button", { name: "Cancel occurrence" }).click();
      await page.getByText("Occurrence cancelled").waitFor({ timeout: 30_000 });
      await waitFor(async () => (await rows.filter({ hasText: "Cancelled" }).count()) === 1, { timeoutMs: 30_000, description: "one cancelled occurrence" });
      await screenshot(page, "pages-13-maintenance-detail");
      await expectAccessible(page, "maintenance detail");
      await overflowAt375(page, "maintenance-detail");
      await openFromNavigation(page, "Maintenance", "Maintenance");
      await page.getByTestId("window-row").filter({ hasText: "Database upgrade" }).waitFor({ timeout: 30_000 });
      await screenshot(page, "pages-14-maintenance-list");
      await expectAccessible(page, "maintenance list");

      // ---- Settings: a refused public URL shows the server's message on the field, a good one is saved.
      await openFromNavigation(page, "Settings", "Settings");
      const publicUrl = page.getByRole("textbox", { name: /^Public URL/ });
      await publicUrl.waitFor({ timeout: 30_000 });
      await publicUrl.fill("status.example.com");
      await page.getByRole("button", { name: "Save public URL" }).click();
      await page.getByText(/an absolute http:\/\/ or https:\/\/ URL/).waitFor({ timeout: 30_000 });
      expect(await publicUrl.getAttribute("aria-invalid")).toBe("true");
      await publicUrl.fill("https://status.example.com/");
      await page.getByRole("button", { name: "Save public URL" }).click();
      await page.getByText("Public URL saved").waitFor({ timeout: 30_000 });
      await page.getByTestId("effective-public-url").getByText("Links use https://status.example.com, from this setting.").waitFor({ timeout: 30_000 });
      // The switch follows the stored setting: it turns on once the server has saved it.
      const registration = page.getByRole("switch", { name: /Anyone may register/ });
      expect(await registration.isChecked()).toBe(false);
      // By keyboard, as the switch's own input sits over its label.
      await registration.focus();
      await page.keyboard.press("Space");
      await page.getByText("Self-registration allowed").waitFor({ timeout: 30_000 });
      await waitFor(() => registration.isChecked(), { timeoutMs: 30_000, description: "the self-registration switch on" });
      await screenshot(page, "pages-15-settings");
      await expectAccessible(page, "settings");
      await overflowAt375(page, "settings");
      const stored = await (await signIn(platform, ADMIN.email, ADMIN.password)).call<{ publicUrl: string | null }>("settings", "get");
      expect(stored.publicUrl).toBe("https://status.example.com");

      // ---- Deleting the status page asks first; the public address goes away.
      await openFromNavigation(page, "Status pages", "Status pages");
      await page.getByRole("link", { name: "Acme Status", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "Acme Status" }).waitFor({ timeout: 30_000 });
      await page.getByRole("button", { name: "Delete", exact: true }).click();
      await page.getByRole("dialog", { name: "Please confirm" }).getByRole("button", { name: "Delete page" }).click();
      await page.getByText("No status pages yet").waitFor({ timeout: 30_000 });
      expect((await platform.fetch(`/status/${SLUG}`)).status).toBe(404);
      expect(errors).toEqual([]);
    });
  }, 600_000);

  test("a signed-in user without managing rules reads incidents and maintenance but is offered no changes and no settings", async () => {
    await inBrowserPage(browser, { width: 1280, height: 800 }, async (page, errors) => {
      await signInThroughPage(page, platform.url, PLAIN.email, PLAIN.password);
      const navigation = page.getByRole("navigation");
      await navigation.getByRole("link", { name: "Incidents", exact: true }).waitFor({ timeout: 30_000 });
      expect(await navigation.getByRole("link", { name: "Settings", exact: true }).count()).toBe(0);
      await openFromNavigation(page, "Incidents", "Incidents");
      await page.getByText("Resolved", { exact: true }).first().click();
      await page.getByTestId("incident-row").filter({ hasText: "Checkout errors" }).waitFor({ timeout: 30_000 });
      expect(await page.getByRole("link", { name: "New incident" }).count()).toBe(0);
      await openFromNavigation(page, "Maintenance", "Maintenance");
      await page.getByTestId("window-row").first().waitFor({ timeout: 30_000 });
      expect(await page.getByRole("link", { name: "Schedule maintenance" }).count()).toBe(0);
      await page.goto(`${platform.url}/admin/settings`);
      await page.getByRole("heading", { name: "Page not found" }).waitFor({ timeout: 30_000 });
      await screenshot(page, "pages-16-reader-no-settings");
      expect(errors).toEqual([]);
    });
  }, 200_000);
});
