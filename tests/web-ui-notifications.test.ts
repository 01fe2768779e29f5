import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { useTestDatabase } from "@checkstack/test-utils";
import { startWebhookReceiver } from "./alerting-support/receiver";
import { type ApiSession, signIn, startSignedIn } from "./support/api-session";
import { launchChromium, screenshot, signInThroughPage } from "./support/browser";
import { usePlatforms, type PlatformProcess } from "./support/platform-process";
import { waitFor } from "./support/poll";
import { expectAccessible, inBrowserPage, openFromNavigation, overflowingElements } from "./support/web-ui-page";

/*
 * The alerting screens in real Chromium against a real platform process on
 * real Postgres: an admin creates a webhook channel pointing at a receiver on
 * 127.0.0.1 and tests it, writes a rule for a system, sees the alert appear
 * when its check fails, acknowledges it, silences the system, and retries a
 * failed delivery; axe finds no serious violation on any of these screens,
 * which are saved as screenshots (test-artifacts/screenshots/notifications-*).
 */

// afterAll hooks run in declaration order: the platform stops before its database is dropped.
const platforms = usePlatforms("all");
const database = useTestDatabase();

const ADMIN = { email: "admin@example.com", password: "admin-password-1" };
const PLAIN = { email: "viewer@example.com", password: "viewer-password-1" };
const HOOK_PATH = "/ops";

const key = randomBytes(32);
const receiver = startWebhookReceiver(key);
afterAll(() => receiver.stop());

/** The monitored service: answers 500 while `failing`. */
let failing = false;
const target = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => (failing ? new Response("down", { status: 500 }) : new Response("ok")) });
afterAll(() => target.stop(true));

let platform: PlatformProcess;
let admin: ApiSession;
let browser: Browser;

beforeAll(async () => {
  ({ platform, admin } = await startSignedIn(platforms, database.url, ADMIN));
  await admin.call("auth", "users/create", { email: PLAIN.email, displayName: "Viewer", password: PLAIN.password, roles: [] });
  // A system whose one failure makes it unhealthy, watched by an HTTP check every second.
  const system = await admin.call<{ id: string }>("catalog", "createSystem", { name: "Checkout" });
  await admin.call("healthcheck", "setSystemThresholds", { systemId: system.id, thresholds: { degradedAfter: 1, unhealthyAfter: 1 } });
  await admin.call("healthcheck", "createCheck", {
    name: "Checkout http",
    strategyId: "http",
    config: { url: `http://127.0.0.1:${target.port}/health` },
    intervalSeconds: 1,
    timeoutMs: 1000,
    systemIds: [system.id],
  });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

/** Waits until the page's loaders are gone and its content (a table or an empty state) is shown. */
async function settled(page: Page): Promise<void> {
  await page.getByLabel("Loading").first().waitFor({ state: "detached", timeout: 30_000 });
  await page.locator("main table, main [data-testid=empty-state], main form").first().waitFor({ timeout: 30_000 });
}

async function capture(page: Page, name: string, screen: string): Promise<void> {
  // A full-page screenshot of a scrolled page draws the fixed header mid-page.
  await page.evaluate("window.scrollTo(0, 0)");
  await screenshot(page, `notifications-${name}`);
  await expectAccessible(page, screen);
}

async function pick(page: Page, scope: ReturnType<Page["locator"]> | Page, combobox: string, option: string): Promise<void> {
  await scope.getByRole("combobox", { name: combobox }).first().click();
  await page.getByRole("option", { name: option }).click();
  await page.keyboard.press("Escape");
}

describe("alerting screens", () => {
  test("channel with send test, rule, alert acknowledged, silence, delivery retried; accessible and usable at 375 px", async () => {
    await inBrowserPage(browser, { width: 1280, height: 900 }, async (page, errors) => {
      await signInThroughPage(page, platform.url, ADMIN.email, ADMIN.password);

      // Empty screens say what to do.
      await openFromNavigation(page, "Channels", "Channels");
      await page.getByText("No channels yet").waitFor({ timeout: 30_000 });
      await capture(page, "01-channels-empty", "channels, empty");
      await openFromNavigation(page, "Alert rules", "Alert rules");
      await page.getByText("No alert rules yet").waitFor({ timeout: 30_000 });
      await capture(page, "02-rules-empty", "rules, empty");

      // A webhook channel, its config form generated from the kind's schema; the secret is write-only.
      await openFromNavigation(page, "Channels", "Channels");
      await page.getByRole("button", { name: "New channel" }).click();
      const dialog = page.getByRole("dialog", { name: "New channel" });
      await dialog.getByRole("textbox", { name: /^Name/ }).fill("Ops webhook");
      expect(await dialog.getByRole("combobox", { name: /^Kind/ }).inputValue()).toBe("webhook");
      await dialog.getByRole("textbox", { name: /^Url/ }).fill("not a url");
      const secret = `whsec_${key.toString("base64")}`;
      await dialog.locator("input[type=password]").fill(secret);
      await dialog.getByRole("button", { name: "Create channel" }).click();
      // The server's message appears under the field it names.
      await dialog.getByText("url must be an http(s) URL", { exact: true }).waitFor({ timeout: 30_000 });
      expect(await dialog.getByRole("textbox", { name: /^Url/ }).getAttribute("aria-invalid")).toBe("true");
      await capture(page, "03-channel-form-field-error", "channel form");
      await dialog.getByRole("textbox", { name: /^Url/ }).fill(receiver.url(HOOK_PATH));
      await dialog.getByRole("button", { name: "Create channel" }).click();
      await page.getByText('Channel "Ops webhook" created').waitFor({ timeout: 30_000 });
      await page.locator('[data-channel-name="Ops webhook"]').waitFor();

      // Send test: the provider's answer is shown, and the receiver got a signed test message.
      await page.getByRole("button", { name: "Send test to Ops webhook" }).click();
      const result = page.getByTestId("send-test-result");
      await result.getByText('Test message to "Ops webhook" delivered').waitFor({ timeout: 30_000 });
      await result.getByText(/HTTP 204/).waitFor();
      expect(receiver.on(HOOK_PATH).map((entry) => [entry.body.kind, entry.verified])).toEqual([["test", true]]);
      await capture(page, "04-channels-send-test", "channels with a test result");

      // Editing shows the secret as stored, never its value.
      await page.getByRole("button", { name: "Edit channel Ops webhook" }).click();
      const edit = page.getByRole("dialog", { name: "Edit Ops webhook" });
      await edit.getByText("A value is stored; leave empty to keep it.").waitFor({ timeout: 30_000 });
      expect(await edit.locator("input[type=password]").inputValue()).toBe("");
      expect(await page.content()).not.toContain(secret.slice(6, 30));
      await capture(page, "05-channel-edit", "channel edit form");
      await page.keyboard.press("Escape");

      // A rule for the system, created through the form.
      await openFromNavigation(page, "Alert rules", "Alert rules");
      await page.getByRole("link", { name: "New rule" }).click();
      await page.getByRole("heading", { level: 1, name: "New alert rule" }).waitFor();
      await page.getByRole("textbox", { name: /^Name/ }).fill("Checkout pages ops");
      await page.getByRole("button", { name: "Create rule" }).click();
      await page.getByText("select at least one system, group or team").first().waitFor({ timeout: 30_000 });
      await pick(page, page, "Systems", "Checkout");
      await pick(page, page, "Channels", "Ops webhook");
      await page.getByRole("textbox", { name: /^Grouping window/ }).fill("0");
      await page.getByRole("button", { name: "Add escalation step" }).click();
      await pick(page, page.getByTestId("escalation-step"), "Step 1: also notify", "Ops webhook");
      await capture(page, "06-rule-form", "rule form");
      await page.getByRole("button", { name: "Create rule" }).click();
      await page.getByRole("heading", { level: 1, name: "Alert rules" }).waitFor({ timeout: 30_000 });
      await page.getByRole("link", { name: "Checkout pages ops", exact: true }).waitFor();
      await capture(page, "07-rules", "rules");

      // The first firing message is refused for good (HTTP 400): it becomes a failed delivery to retry later.
      receiver.script(HOOK_PATH, [() => new Response("bad request", { status: 400 })]);
      failing = true;

      // The alert appears on the alerts page (it refreshes on its own) and is acknowledged there.
      await openFromNavigation(page, "Alerts", "Alerts");
      const row = page.locator('[data-alert-system="Checkout"]');
      await row.locator('[data-alert-state="open"]').waitFor({ timeout: 120_000 });
      await capture(page, "08-alerts-open", "alerts");
      await row.getByRole("link", { name: /^Alert of Checkout/ }).click();
      await page.getByRole("heading", { level: 1, name: "Alert: Checkout" }).waitFor({ timeout: 30_000 });
      await page.getByTestId("alert-timeline").getByText("opened", { exact: true }).waitFor({ timeout: 30_000 });
      await page.getByRole("button", { name: "Acknowledge alert of Checkout" }).click();
      await page.getByText("Alert of Checkout acknowledged").waitFor({ timeout: 30_000 });
      await page.locator('[data-alert-state="acknowledged"]').waitFor({ timeout: 30_000 });
      await page.getByTestId("alert-timeline").getByText("acknowledged", { exact: true }).waitFor({ timeout: 30_000 });
      await capture(page, "09-alert-detail-acknowledged", "alert detail");

      // The failed firing message is retried from the delivery log and delivered.
      await waitFor(() => receiver.on(HOOK_PATH).some((entry) => entry.body.kind === "firing"), { timeoutMs: 60_000, description: "the firing message reaches the receiver" });
      receiver.script(HOOK_PATH, [() => new Response(null, { status: 204 })]);
      await openFromNavigation(page, "Delivery log", "Delivery log");
      const failed = page.locator('[data-message-state="failed"]').first();
      await failed.waitFor({ timeout: 60_000 });
      await capture(page, "10-delivery-log-failed", "delivery log");
      await failed.getByRole("button", { name: /^Retry message/ }).click();
      await page.getByText("Message queued to be sent again").waitFor({ timeout: 30_000 });
      await waitFor(() => receiver.on(HOOK_PATH).filter((entry) => entry.body.kind === "firing").length >= 2, {
        timeoutMs: 60_000,
        description: "the retried firing message reaches the receiver",
      });
      await page.locator('[data-message-state="failed"]').first().waitFor({ state: "detached", timeout: 60_000 });
      await page.getByLabel("Message state").selectOption("delivered");
      await page.locator('[data-message-state="delivered"]').first().waitFor({ timeout: 30_000 });
      await capture(page, "11-delivery-log-filtered", "delivery log, filtered");

      // A silence for the system, then ended after confirming.
      await openFromNavigation(page, "Silences", "Silences");
      await page.getByText("No silences").waitFor({ timeout: 30_000 });
      await page.getByLabel("Which one").selectOption({ label: "Checkout" });
      await page.getByRole("textbox", { name: /^Reason/ }).fill("Planned payment provider switch");
      await page.getByRole("button", { name: "Create silence" }).click();
      await page.getByText("Silence created").waitFor({ timeout: 30_000 });
      await page.getByRole("cell", { name: "Planned payment provider switch" }).waitFor({ timeout: 30_000 });
      await capture(page, "12-silences", "silences");
      await page.getByRole("button", { name: "End silence of system Checkout" }).click();
      await page.getByRole("dialog", { name: "Please confirm" }).getByRole("button", { name: "End silence" }).click();
      await page.getByText("Silence ended").waitFor({ timeout: 30_000 });
      await page.getByText("ended", { exact: true }).waitFor({ timeout: 30_000 });

      // A phone: every screen scrolls only vertically.
      await page.setViewportSize({ width: 375, height: 740 });
      for (const [path, heading, name] of [
        ["/notifications/alerts", "Alerts", "13-alerts-375px"],
        ["/notifications/rules", "Alert rules", "14-rules-375px"],
        ["/notifications/rules/new", "New alert rule", "15-rule-form-375px"],
        ["/notifications/channels", "Channels", "16-channels-375px"],
        ["/notifications/silences", "Silences", "17-silences-375px"],
        ["/notifications/deliveries", "Delivery log", "18-delivery-log-375px"],
      ] as const) {
        await page.goto(`${platform.url}${path}`);
        await page.getByRole("heading", { level: 1, name: heading }).waitFor({ timeout: 30_000 });
        await settled(page);
        expect({ path, overflowing: await overflowingElements(page, 375) }).toEqual({ path, overflowing: [] });
        await capture(page, name, `${heading} at 375 px`);
      }
      expect(errors).toEqual([]);
    });
  }, 600_000);

  test("a user without the manage rules sees the alerting pages read-only, and the API refuses its changes", async () => {
    await inBrowserPage(browser, { width: 1280, height: 800 }, async (page, errors) => {
      await signInThroughPage(page, platform.url, PLAIN.email, PLAIN.password);
      const session = await signIn(platform, PLAIN.email, PLAIN.password);
      const held = new Set((await session.call<{ rules: string[] }>("auth", "session/rules")).rules);
      const navigation = page.getByRole("navigation");
      await navigation.getByRole("link", { name: "Dashboard" }).waitFor({ timeout: 30_000 });
      // Each entry is offered exactly when the user holds its rule.
      for (const [label, rule] of [
        ["Alerts", "notification.alert.read"],
        ["Alert rules", "notification.rule.read"],
        ["Channels", "notification.channel.read"],
        ["Delivery log", "notification.channel.read"],
      ] as const) {
        expect({ label, offered: (await navigation.getByRole("link", { name: label, exact: true }).count()) === 1 }).toEqual({ label, offered: held.has(rule) });
      }
      expect(held.has("notification.channel.manage")).toBe(false);
      if (held.has("notification.channel.read")) {
        await openFromNavigation(page, "Channels", "Channels");
        await page.locator('[data-channel-name="Ops webhook"]').waitFor({ timeout: 30_000 });
        expect(await page.getByRole("button", { name: "New channel" }).count()).toBe(0);
        expect(await page.getByRole("button", { name: "Send test to Ops webhook" }).count()).toBe(0);
        await screenshot(page, "notifications-19-channels-read-only");
      }
      const status = await page.evaluate(async () => {
        const response = await fetch("/api/notification/createChannel", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { name: "x", kind: "webhook", config: {} } }) });
        return response.status;
      });
      expect(status).toBe(403);
      expect(errors).toEqual([]);
    });
  }, 200_000);
});
