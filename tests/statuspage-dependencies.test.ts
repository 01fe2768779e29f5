/**
 * Dependency-caused degradation on a public status page, on real Postgres through the whole platform:
 * a system whose own checks pass but whose upstream (catalog.addDependency) is down is shown as
 * "Degraded because <display name>" in the HTML and in summary.json; an upstream that is not on the
 * page is "a dependency", and its internal name never leaves. Removing the dependency redraws the page
 * (catalog announces the change, the page cache is cleared).
 */
import { beforeAll, expect, test } from "bun:test";
import type { Principal } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";
import { StatuspageApi } from "@checkstack/statuspage-common";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { useInProcessPlatform } from "./support/in-process-platform";
import { waitFor } from "./support/poll";

const running = useInProcessPlatform();
const admin: Principal = { type: "user", id: "dep-admin", roles: ["admin"] };
const system: Record<string, string> = {};

const as = <T>(work: (client: { pages: ReturnType<typeof pagesClient>; catalog: ReturnType<typeof catalogClient> }) => Promise<T>) =>
  runInDbScope(running.platform.pool, { principal: admin }, () => work({ pages: pagesClient(), catalog: catalogClient() }));
const pagesClient = () => running.platform.clientFor("test").forPlugin(StatuspageApi, { actAs: "caller" });
const catalogClient = () => running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" });

async function get(path: string): Promise<string> {
  const response = await running.platform.pluginRoutes(new Request(`http://status.test${path}`));
  if (!response || response.status !== 200) throw new Error(`GET ${path}: ${response?.status ?? "no route"}`);
  return response.text();
}
type Component = { name: string; status: string; description: string | null };
const components = async () => (JSON.parse(await get("/status/deps/api/v2/summary.json")) as { components: Component[] }).components;

beforeAll(async () => {
  await running.platform.pool.query("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'dep-admin', 'admin')");
  for (const name of ["payments-db-internal", "hidden-cache-internal", "api-internal", "web-internal", "batch-internal"]) {
    system[name] = (await as(({ catalog }) => catalog.createSystem({ name }))).id;
  }
  // api needs the database (on the page); web needs a cache the page does not show; batch is down itself.
  await as(({ catalog }) => catalog.addDependency({ systemId: system["api-internal"]!, dependsOnSystemId: system["payments-db-internal"]!, impact: "critical" }));
  await as(({ catalog }) => catalog.addDependency({ systemId: system["web-internal"]!, dependsOnSystemId: system["hidden-cache-internal"]!, impact: "degraded" }));
  await as(({ catalog }) => catalog.addDependency({ systemId: system["batch-internal"]!, dependsOnSystemId: system["payments-db-internal"]!, impact: "critical" }));
  const statuses: Array<[string, string]> = [
    ["payments-db-internal", "unhealthy"],
    ["hidden-cache-internal", "unhealthy"],
    ["api-internal", "healthy"],
    ["web-internal", "healthy"],
    ["batch-internal", "unhealthy"],
  ];
  // Live status as the health-check plugin records it, written as its service principal.
  await runInDbScope(running.platform.pool, { principal: { type: "service", pluginId: "healthcheck" } }, async () => {
    const client = await currentDbScope()!.client();
    for (const [name, status] of statuses) await client.query("INSERT INTO plugin_healthcheck.system_status (system_id, status) VALUES ($1, $2)", [system[name], status]);
  });
  const page = await as(({ pages }) =>
    pages.createPage({
      slug: "deps",
      title: "Dependencies",
      sections: [
        {
          title: "Services",
          items: [
            { kind: "system", systemId: system["payments-db-internal"]!, displayName: "Database" },
            { kind: "system", systemId: system["api-internal"]!, displayName: "Public API" },
            { kind: "system", systemId: system["web-internal"]!, displayName: "Website" },
            { kind: "system", systemId: system["batch-internal"]!, displayName: "Batch jobs" },
          ],
        },
      ],
    }),
  );
  await as(({ pages }) => pages.publishPage({ pageId: page.id }));
}, 60_000);

test("a healthy system with a down upstream is degraded, naming the upstream by its display name or as 'a dependency'", async () => {
  const summary = await waitFor(async () => {
    const list = await components();
    return list.find((component) => component.name === "Public API")?.status === "degraded_performance" ? list : null;
  });
  expect(summary.map(({ name, status, description }) => [name, status, description])).toEqual([
    ["Database", "major_outage", null],
    ["Public API", "degraded_performance", "Degraded because Database is down"],
    ["Website", "degraded_performance", "Degraded because a dependency is down"],
    // Down itself: its own outage is what it shows, not a dependency's.
    ["Batch jobs", "major_outage", null],
  ]);

  const html = await get("/status/deps");
  expect(html).toContain("Degraded because Database is down");
  expect(html).toContain("Degraded because a dependency is down");
  const json = await get("/status/deps/api/v2/summary.json");
  for (const text of [html, json]) {
    for (const secret of ["internal", "hidden-cache", "payments-db", system["hidden-cache-internal"]!]) expect(text).not.toContain(secret);
  }
});

test("removing the dependency redraws the page: the dependant is operational again", async () => {
  await as(({ catalog }) => catalog.removeDependency({ systemId: system["web-internal"]!, dependsOnSystemId: system["hidden-cache-internal"]! }));
  const website = await waitFor(async () => {
    const found = (await components()).find((component) => component.name === "Website");
    return found?.status === "operational" ? found : null;
  });
  expect(website.description).toBeNull();
  expect(await get("/status/deps")).not.toContain("Degraded because a dependency");
});
