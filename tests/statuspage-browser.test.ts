/**
 * A published status page in real Chromium with JavaScript disabled, at phone and desktop widths, light
 * and dark: the page must be complete without scripts and fit the viewport. Screenshots are written to
 * test-artifacts/screenshots/ for people to look at.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdir } from "node:fs/promises";
import { chromium, type Browser } from "playwright-core";
import { statusPageContentChanged, type Principal } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";
import { StatuspageApi } from "@checkstack/statuspage-common";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { contentStore } from "./fixtures/plugins/statuspage-content/src/store";
import { fixturePlugin, useInProcessPlatform } from "./support/in-process-platform";

const running = useInProcessPlatform();
const admin: Principal = { type: "user", id: "spb-admin", roles: ["admin"] };
const SCREENSHOTS = "test-artifacts/screenshots";
let server: ReturnType<typeof Bun.serve> | undefined;
let browser: Browser | undefined;

const as = <T>(work: (c: { pages: ReturnType<typeof pagesClient>; catalog: ReturnType<typeof catalogClient> }) => Promise<T>) =>
  runInDbScope(running.platform.pool, { principal: admin }, () => work({ pages: pagesClient(), catalog: catalogClient() }));
const pagesClient = () => running.platform.clientFor("test").forPlugin(StatuspageApi, { actAs: "caller" });
const catalogClient = () => running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" });

beforeAll(async () => {
  expect((await running.platform.runtime.load([fixturePlugin("statuspage-content")])).failed).toEqual([]);
  await running.platform.pool.query("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'spb-admin', 'admin')");
  const names = ["Website", "Public API", "Dashboard", "Webhooks", "Database", "Object storage"];
  const ids: string[] = [];
  for (const name of names) ids.push((await as(({ catalog }) => catalog.createSystem({ name: `internal-${name}` }))).id);
  const statuses = ["healthy", "unhealthy", "healthy", "degraded", "healthy", "healthy"];
  await runInDbScope(running.platform.pool, { principal: { type: "service", pluginId: "healthcheck" } }, async () => {
    const client = await currentDbScope()!.client();
    await client.query("INSERT INTO plugin_healthcheck.system_status (system_id, status) SELECT * FROM unnest($1::text[], $2::text[])", [ids, statuses]);
    await client.query(
      `INSERT INTO plugin_healthcheck.rollups_daily (check_id, system_id, bucket, count, failures)
       SELECT gen_random_uuid(), s.id, date_trunc('day', now()) - make_interval(days => d), 1440,
              CASE WHEN (d * 7 + length(s.id)) % 23 = 0 THEN 40 WHEN (d * 3 + length(s.id)) % 31 = 0 THEN 1 ELSE 0 END
         FROM unnest($1::text[]) AS s(id), generate_series(0, 80) AS d`,
      [ids],
    );
  });
  const now = Date.now();
  contentStore.incidents = [
    {
      id: "b-inc-1",
      title: "Elevated API error rates",
      status: "monitoring",
      impact: "major",
      systemImpacts: { [ids[1]!]: "major" },
      createdAt: new Date(now - 5_400_000),
      updatedAt: new Date(now - 600_000),
      resolvedAt: null,
      updates: [
        { id: "b-u3", status: "monitoring", body: "A fix has been deployed; we are watching error rates.", createdAt: new Date(now - 600_000) },
        { id: "b-u2", status: "identified", body: "A faulty configuration change was identified.", createdAt: new Date(now - 3_000_000) },
        { id: "b-u1", status: "investigating", body: "We are investigating increased 5xx responses.", createdAt: new Date(now - 5_400_000) },
      ],
    },
    {
      id: "b-inc-0",
      title: "Delayed webhook deliveries",
      status: "resolved",
      impact: "minor",
      systemImpacts: { [ids[3]!]: "minor" },
      createdAt: new Date(now - 6 * 86_400_000),
      updatedAt: new Date(now - 6 * 86_400_000 + 7_200_000),
      resolvedAt: new Date(now - 6 * 86_400_000 + 7_200_000),
      updates: [{ id: "b-u0", status: "resolved", body: "Deliveries have caught up.", createdAt: new Date(now - 6 * 86_400_000 + 7_200_000) }],
    },
  ];
  contentStore.maintenances = [
    {
      id: "b-m-1",
      title: "Database maintenance",
      description: "Planned upgrade of the primary database; brief read-only periods are expected.",
      status: "scheduled",
      systemIds: [ids[4]!],
      scheduledFor: new Date(now + 2 * 86_400_000),
      scheduledUntil: new Date(now + 2 * 86_400_000 + 7_200_000),
      updatedAt: new Date(now),
      updates: [],
    },
  ];
  await contentStore.emitHook!(statusPageContentChanged, { source: "test", systemIds: [] });
  const item = (index: number) => ({ kind: "system" as const, systemId: ids[index]!, displayName: names[index]! });
  for (const theme of ["light", "dark"] as const) {
    const page = await as(({ pages }) =>
      pages.createPage({
        slug: `acme-${theme}`,
        title: "Acme Cloud",
        description: "Live status of Acme Cloud services",
        accentColor: "#7c3aed",
        theme,
        sections: [
          { title: "Applications", items: [0, 1, 2, 3].map(item) },
          { title: "Infrastructure", items: [4, 5].map(item) },
        ],
      }),
    );
    await as(({ pages }) => pages.publishPage({ pageId: page.id }));
  }
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (request) => (await running.platform.pluginRoutes(request)) ?? new Response("not found", { status: 404 }),
  });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  await mkdir(SCREENSHOTS, { recursive: true });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop(true);
});

for (const width of [375, 1440]) {
  for (const theme of ["light", "dark"] as const) {
    test(`the page at ${width} px, ${theme}, without JavaScript`, async () => {
      const context = await browser!.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 }, colorScheme: theme });
      try {
        const page = await context.newPage();
        const response = await page.goto(`http://127.0.0.1:${server!.port}/status/acme-${theme}`);
        expect(response?.status()).toBe(200);
        await expect(page.locator(".banner").textContent()).resolves.toBe("Partial System Outage");
        expect(await page.locator(".component").count()).toBe(6);
        expect(await page.locator(".component .bar").count()).toBe(540);
        expect(await page.locator(".component .bar").last().getAttribute("title")).toMatch(/^\d{4}-\d{2}-\d{2}: (\d+\.\d{2}% uptime|no data)/);
        await expect(page.locator("#active-incidents").textContent()).resolves.toBe("Active incidents");
        // Nothing wider than the viewport: no sideways scrolling on a phone.
        for (const selector of [".banner", "section.card", "footer"]) {
          const box = await page.locator(selector).first().boundingBox();
          expect(box!.x).toBeGreaterThanOrEqual(0);
          expect(box!.x + box!.width).toBeLessThanOrEqual(width);
        }
        // Playwright evaluates in its own world, so this works with the page's JavaScript disabled.
        type StyledView = { ownerDocument: { defaultView: { getComputedStyle(element: unknown): { backgroundColor: string } } } };
        const background = await page.locator("body").evaluate((body) => (body as unknown as StyledView).ownerDocument.defaultView.getComputedStyle(body).backgroundColor);
        expect(background).toBe(theme === "dark" ? "rgb(15, 19, 24)" : "rgb(246, 247, 249)");
        await page.screenshot({ path: `${SCREENSHOTS}/statuspage-${width}-${theme}.png`, fullPage: true });
        await page.goto(`http://127.0.0.1:${server!.port}/status/acme-${theme}/history`);
        expect(await page.locator("h2", { hasText: "Incident history" }).count()).toBe(1);
        await page.screenshot({ path: `${SCREENSHOTS}/statuspage-history-${width}-${theme}.png`, fullPage: true });
      } finally {
        await context.close();
      }
    }, 60_000);
  }
}
