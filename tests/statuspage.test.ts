/**
 * Status pages through the whole platform on real Postgres: team-scoped administration, publishing,
 * what anonymous visitors may see, the Statuspage-compatible JSON (field by field), feeds (parsed by a
 * real feed parser), SVG badges (parsed as XML), ETags and the cache's single flight. Incidents and
 * maintenance come from a fixture content source at the extension point.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import Parser from "rss-parser";
import { z } from "zod";
import { statusPageContentChanged, type Principal } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";
import { StatuspageApi, type Page } from "@checkstack/statuspage-common";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { contentStore } from "./fixtures/plugins/statuspage-content/src/store";
import { fixturePlugin, useInProcessPlatform } from "./support/in-process-platform";
import { waitFor } from "./support/poll";

const running = useInProcessPlatform();
const admin: Principal = { type: "user", id: "sp-admin", roles: ["admin"] };
const memberA: Principal = { type: "user", id: "sp-a", roles: [] };
const memberB: Principal = { type: "user", id: "sp-b", roles: [] };
const team: Record<string, string> = {};
const system: Record<string, string> = {};
let page: Page;

const sql = <R extends Record<string, unknown>>(text: string, values: unknown[] = []) => running.platform.pool.query<R>(text, values);
/** Writes the health-check plugin's tables as its service principal would (row security admits nobody else). */
const asHealthcheck = (text: string, values: unknown[]) =>
  runInDbScope(running.platform.pool, { principal: { type: "service", pluginId: "healthcheck" } }, async () => (await currentDbScope()!.client()).query(text, values));
const as = <T>(principal: Principal, work: (client: ReturnType<typeof clients>) => Promise<T>) =>
  runInDbScope(running.platform.pool, { principal }, () => work(clients()));
const clients = () => ({
  pages: running.platform.clientFor("test").forPlugin(StatuspageApi, { actAs: "caller" }),
  catalog: running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" }),
});
const errorCode = (promise: Promise<unknown>) => promise.then(() => "allowed", (error: { code?: string }) => error.code ?? String(error));

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await running.platform.pluginRoutes(new Request(`http://status.test${path}`, { headers }));
  if (!response) throw new Error(`no route served ${path}`);
  return response;
}
const getJson = async (path: string) => {
  const response = await get(path);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  return (await response.json()) as Record<string, unknown>;
};
const changed = async () => {
  if (!contentStore.emitHook) throw new Error("the fixture content source has not started");
  await contentStore.emitHook(statusPageContentChanged, { source: "test", systemIds: [] });
};

const now = Date.now();
const incident = {
  id: "inc-1",
  title: "Elevated errors on the API",
  status: "identified" as const,
  impact: "major" as const,
  systemImpacts: {} as Record<string, "none" | "minor" | "major" | "critical">,
  createdAt: new Date(now - 3_600_000),
  updatedAt: new Date(now - 600_000),
  resolvedAt: null,
  updates: [
    { id: "upd-2", status: "identified", body: "A bad deploy; rolling back <now> & watching", createdAt: new Date(now - 600_000) },
    { id: "upd-1", status: "investigating", body: "We are looking into errors", createdAt: new Date(now - 3_600_000) },
  ],
};

beforeAll(async () => {
  const report = await running.platform.runtime.load([fixturePlugin("statuspage-content")]);
  expect(report.failed).toEqual([]);
  await sql("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'sp-admin', 'admin')");
  const teams = await sql<{ id: string; name: string }>("INSERT INTO checkstack.teams (name) VALUES ('SP A'), ('SP B') RETURNING id, name");
  for (const row of teams.rows) team[row.name === "SP A" ? "A" : "B"] = row.id;
  await sql("INSERT INTO checkstack.team_members (team_id, principal_type, principal_id) VALUES ($1, 'user', 'sp-a'), ($2, 'user', 'sp-b')", [team["A"], team["B"]]);
  for (const name of ["db-primary-internal", "api-gw-internal", "never-published"]) {
    const created = await as(admin, ({ catalog }) =>
      catalog.createSystem({
        name,
        description: `secret description of ${name}`,
        links: [{ label: "runbook", url: `https://wiki.internal.example/${name}` }],
        metadata: { host: `10.0.0.${name.length}` },
        ownerTeamId: team["A"],
      }),
    );
    system[name] = created.id;
  }
  const groupId = (await as(admin, ({ catalog }) => catalog.createGroup({ name: "edge-internal" }))).id;
  await as(admin, ({ catalog }) => catalog.addSystemToGroup({ groupId, systemId: system["api-gw-internal"]! }));
  // Live status and 90 days of daily rollups, as the health-check plugin records them.
  await asHealthcheck("INSERT INTO plugin_healthcheck.system_status (system_id, status) VALUES ($1, 'healthy'), ($2, 'unhealthy')", [
    system["db-primary-internal"],
    system["api-gw-internal"],
  ]);
  await asHealthcheck(
    `INSERT INTO plugin_healthcheck.rollups_daily (check_id, system_id, bucket, count, failures)
     SELECT gen_random_uuid(), s.id, date_trunc('day', now()) - make_interval(days => d), 1440, CASE WHEN d = 3 THEN 100 ELSE 0 END
       FROM unnest($1::text[]) AS s(id), generate_series(0, 89) AS d`,
    [[system["db-primary-internal"], system["api-gw-internal"]]],
  );
  incident.systemImpacts = { [system["api-gw-internal"]!]: "major" };
  contentStore.incidents = [incident];
  contentStore.maintenances = [
    {
      id: "mnt-1",
      title: "Database upgrade",
      description: "Upgrading to a new major version",
      status: "scheduled",
      systemIds: [system["db-primary-internal"]!],
      scheduledFor: new Date(now + 86_400_000),
      scheduledUntil: new Date(now + 90_000_000),
      updatedAt: new Date(now - 1000),
      updates: [],
    },
  ];
  page = await as(admin, ({ pages }) =>
    pages.createPage({
      slug: "acme",
      title: "Acme <Status>",
      description: "Status of Acme's public services",
      ownerTeamId: team["A"],
      sections: [
        {
          title: "Core",
          items: [
            { kind: "system", systemId: system["db-primary-internal"]!, displayName: "Database" },
            { kind: "group", groupId, displayName: "Edge network" },
          ],
        },
      ],
    }),
  );
}, 60_000);

describe("administration", () => {
  test("pages are listed a keyset page at a time as { items, nextCursor }; bad input names the field", async () => {
    for (const slug of ["bravo", "charlie"]) await as(admin, ({ pages }) => pages.createPage({ slug, title: slug }));
    const first = await as(admin, ({ pages }) => pages.listPages({ limit: 2 }));
    expect(first.items.map((p) => p.slug)).toEqual(["acme", "bravo"]);
    expect(first.nextCursor).not.toBeNull();
    const second = await as(admin, ({ pages }) => pages.listPages({ limit: 2, cursor: first.nextCursor! }));
    expect(second.items.map((p) => p.slug)).toEqual(["charlie"]);
    expect(second.nextCursor).toBeNull();
    const bad = await as(admin, ({ pages }) => pages.createPage({ slug: "Not A Slug", title: "x" })).catch((error: { code: string; message: string }) => error);
    expect(bad).toMatchObject({ code: "BAD_REQUEST" });
    expect((bad as { message: string }).message).toContain("slug");
    expect(await errorCode(as(admin, ({ pages }) => pages.createPage({ slug: "acme", title: "again" })))).toBe("CONFLICT");
    expect(await errorCode(as(admin, ({ pages }) => pages.updatePage({ pageId: page.id, accentColor: "red;}" })))).toBe("BAD_REQUEST");
  });

  test("a page is managed by its owner team and admins, not by other teams; anonymous callers cannot read configurations", async () => {
    expect(await errorCode(as(memberA, ({ pages }) => pages.updatePage({ pageId: page.id, description: "Status of Acme's public services" })))).toBe("allowed");
    expect(await errorCode(as(memberB, ({ pages }) => pages.updatePage({ pageId: page.id, title: "hijacked" })))).toBe("FORBIDDEN");
    expect(await errorCode(as(memberB, ({ pages }) => pages.publishPage({ pageId: page.id })))).toBe("FORBIDDEN");
    expect(await errorCode(as({ type: "anonymous" }, ({ pages }) => pages.listPages({})))).toBe("UNAUTHORIZED");
  });

  test("publishing is audited with who did it; drafts are not public", async () => {
    expect((await get("/status/acme")).status).toBe(404);
    expect((await get("/status/acme/api/v2/summary.json")).status).toBe(404);
    const published = await as(memberA, ({ pages }) => pages.publishPage({ pageId: page.id }));
    expect(published.state).toBe("published");
    expect(published.publishedAt).toBeInstanceOf(Date);
    const audit = await sql<{ principal: string; old_state: string; new_state: string }>(
      `SELECT principal, old_row->>'state' AS old_state, new_row->>'state' AS new_state FROM checkstack.audit_log
        WHERE schema_name = 'plugin_statuspage' AND table_name = 'pages' AND operation = 'UPDATE' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.rows[0]).toMatchObject({ old_state: "draft", new_state: "published" });
    expect(audit.rows[0]?.principal).toContain("sp-a");
    await waitFor(async () => (await get("/status/acme")).status === 200, { timeoutMs: 5_000 });
  });
});

describe("what the public sees", () => {
  test("the HTML page: banner, display names only, uptime bars with a tooltip per day, the incident and the maintenance, escaped", async () => {
    const response = await get("/status/acme");
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain("Acme &lt;Status&gt;");
    expect(html).toContain("Database");
    expect(html).toContain("Edge network");
    expect(html).toContain('class="banner major"');
    expect(html).toContain("Elevated errors on the API");
    expect(html).toContain("A bad deploy; rolling back &lt;now&gt; &amp; watching");
    expect(html).toContain("Database upgrade");
    expect(html.match(/<span class="bar[^"]*" title="[^"]+"><\/span>/g)?.length).toBe(180);
    expect(html).toMatch(/title="\d{4}-\d{2}-\d{2}: 93\.05% uptime \(100 of 1440 checks failed\)"/);
    expect(html).not.toContain("<script");
    for (const secret of ["internal", "secret description", "wiki.internal", "10.0.0.", team["A"]!, system["db-primary-internal"]!]) {
      expect(html).not.toContain(secret);
    }
    const history = await (await get("/status/acme/history")).text();
    expect(history).toContain("Incident history");
    expect(history).toContain("Elevated errors on the API");
  });

  test("a signed-in-only page answers 401 to anonymous visitors, everywhere under it", async () => {
    const other = await as(admin, ({ pages }) => pages.createPage({ slug: "internal-only", title: "Staff", visibility: "signed_in" }));
    await as(admin, ({ pages }) => pages.publishPage({ pageId: other.id }));
    for (const path of ["", "/api/v2/status.json", "/history.rss"]) expect((await get(`/status/internal-only${path}`)).status).toBe(401);
  });

  test("ETag and Cache-Control, and a 304 for a matching If-None-Match", async () => {
    const first = await get("/status/acme/api/v2/status.json");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get("cache-control")).toBe("public, max-age=5");
    const again = await get("/status/acme/api/v2/status.json", { "if-none-match": etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect((await get("/status/acme/api/v2/status.json", { "if-none-match": '"other"' })).status).toBe(200);
  });

  test("after a change the new content is served, and concurrent requests rebuild it once", async () => {
    const before = contentStore.incidentQueries;
    const title = "Elevated errors on the API (rolled back)";
    contentStore.incidents = [{ ...incident, title, updatedAt: new Date() }];
    await changed();
    // Waves of 25 concurrent requests until the change shows: every wave before the invalidation is served
    // from the cache, and the requests after it share a single rebuild.
    const deadline = Date.now() + 5_000;
    let seen = false;
    while (!seen && Date.now() < deadline) {
      const wave = await Promise.all(Array.from({ length: 25 }, () => getJson("/status/acme/api/v2/incidents/unresolved.json")));
      seen = wave.some((doc) => (doc["incidents"] as Array<{ name: string }>)[0]?.name === title);
      // Cached answers resolve without I/O: yield to the event loop so the broadcast can arrive.
      if (!seen) await Bun.sleep(10);
    }
    expect(seen).toBe(true);
    expect(contentStore.incidentQueries - before).toBe(1);
  });
});

// ---- The Statuspage v2 documents, field by field -----------------------------------------------------

const isoDate = z.iso.datetime();
const PageJson = z.strictObject({ id: z.string(), name: z.string(), url: z.url(), time_zone: z.string(), updated_at: isoDate });
const ComponentJson = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{12}$/),
  name: z.string(),
  status: z.enum(["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"]),
  created_at: isoDate,
  updated_at: isoDate,
  position: z.number().int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.string().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
});
const UpdateJson = z.strictObject({
  id: z.string(),
  status: z.string(),
  body: z.string(),
  incident_id: z.string(),
  created_at: isoDate,
  updated_at: isoDate,
  display_at: isoDate,
  affected_components: z.null(),
  deliver_notifications: z.boolean(),
  custom_tweet: z.null(),
  tweet_id: z.null(),
});
const incidentFields = {
  id: z.string(),
  name: z.string(),
  created_at: isoDate,
  updated_at: isoDate,
  monitoring_at: isoDate.nullable(),
  resolved_at: isoDate.nullable(),
  shortlink: z.url(),
  started_at: isoDate,
  page_id: z.string(),
  incident_updates: z.array(UpdateJson),
  components: z.array(ComponentJson),
};
const IncidentJson = z.strictObject({
  ...incidentFields,
  status: z.enum(["investigating", "identified", "monitoring", "resolved", "postmortem"]),
  impact: z.enum(["none", "minor", "major", "critical"]),
});
const MaintenanceJson = z.strictObject({
  ...incidentFields,
  status: z.enum(["scheduled", "in_progress", "verifying", "completed"]),
  impact: z.literal("maintenance"),
  scheduled_for: isoDate,
  scheduled_until: isoDate,
});
const StatusJson = z.strictObject({
  indicator: z.enum(["none", "minor", "major", "critical", "maintenance"]),
  description: z.string(),
});

describe("the Statuspage-compatible JSON API", () => {
  test("every document has exactly the documented fields and enumerations", async () => {
    const base = "/status/acme/api/v2";
    const summary = z
      .strictObject({
        page: PageJson,
        components: z.array(ComponentJson),
        incidents: z.array(IncidentJson),
        scheduled_maintenances: z.array(MaintenanceJson),
        status: StatusJson,
      })
      .parse(await getJson(`${base}/summary.json`));
    expect(summary.page.url).toBe("http://status.test/status/acme");
    expect(summary.components.map((c) => [c.name, c.status])).toEqual([
      ["Database", "operational"],
      ["Edge network", "major_outage"],
    ]);
    expect(summary.status).toEqual({ indicator: "major", description: "Partial System Outage" });
    expect(summary.incidents[0]?.incident_updates.map((u) => u.status)).toEqual(["identified", "investigating"]);
    expect(summary.incidents[0]?.components.map((c) => c.name)).toEqual(["Edge network"]);
    expect(summary.scheduled_maintenances[0]).toMatchObject({ name: "Database upgrade", status: "scheduled", impact: "maintenance" });

    z.strictObject({ page: PageJson, status: StatusJson }).parse(await getJson(`${base}/status.json`));
    z.strictObject({ page: PageJson, components: z.array(ComponentJson).length(2) }).parse(await getJson(`${base}/components.json`));
    z.strictObject({ page: PageJson, incidents: z.array(IncidentJson).length(1) }).parse(await getJson(`${base}/incidents.json`));
    z.strictObject({ page: PageJson, incidents: z.array(IncidentJson).length(1) }).parse(await getJson(`${base}/incidents/unresolved.json`));
    const Maintenances = (length: number) => z.strictObject({ page: PageJson, scheduled_maintenances: z.array(MaintenanceJson).length(length) });
    Maintenances(1).parse(await getJson(`${base}/scheduled-maintenances.json`));
    Maintenances(1).parse(await getJson(`${base}/scheduled-maintenances/upcoming.json`));
    Maintenances(0).parse(await getJson(`${base}/scheduled-maintenances/active.json`));
    expect((await get(`${base}/nothing.json`)).status).toBe(404);

    const everything = JSON.stringify(await getJson(`${base}/summary.json`));
    for (const secret of ["internal", "secret description", "10.0.0.", team["A"]!, system["db-primary-internal"]!, system["api-gw-internal"]!]) {
      expect(everything).not.toContain(secret);
    }
  });

  test("maintenance in progress wins the banner and puts its components under maintenance", async () => {
    const [scheduled] = contentStore.maintenances;
    contentStore.maintenances = [{ ...scheduled!, status: "in_progress", scheduledFor: new Date(Date.now() - 60_000), updatedAt: new Date() }];
    await changed();
    const summary = await waitFor(async () => {
      const doc = await getJson("/status/acme/api/v2/summary.json");
      return (doc["status"] as { indicator: string }).indicator === "maintenance" ? doc : undefined;
    }, { timeoutMs: 5_000 });
    expect((summary["components"] as Array<{ name: string; status: string }>)[0]).toMatchObject({ name: "Database", status: "under_maintenance" });
    expect((await getJson("/status/acme/api/v2/scheduled-maintenances/active.json"))["scheduled_maintenances"]).toHaveLength(1);
    contentStore.maintenances = [scheduled!];
    await changed();
  });
});

describe("feeds and badges", () => {
  test("RSS 2.0 and Atom feeds of incidents and maintenance parse with a real feed parser", async () => {
    const parser = new Parser();
    for (const [format, type] of [["rss", "application/rss+xml"], ["atom", "application/atom+xml"]] as const) {
      const response = await get(`/status/acme/history.${format}`);
      expect(response.headers.get("content-type")).toContain(type);
      const feed = await parser.parseString(await response.text());
      expect(feed.title).toBe("Acme <Status> status history");
      const titles = feed.items.map((item) => item.title);
      expect(titles.some((title) => title?.startsWith("Elevated errors on the API"))).toBe(true);
      expect(titles.some((title) => title?.startsWith("Maintenance: Database upgrade"))).toBe(true);
      expect(feed.items.every((item) => item.link?.startsWith("http://status.test/status/acme"))).toBe(true);
    }
  });

  test("status and uptime badges are well-formed SVG; the Shields.io endpoint JSON has its schema", async () => {
    const components = (await getJson("/status/acme/api/v2/components.json"))["components"] as Array<{ id: string; name: string }>;
    const edge = components.find((component) => component.name === "Edge network")!;
    const xml = new XMLParser({ ignoreAttributes: false });
    const status = await get(`/status/acme/badge/${edge.id}.svg`);
    expect(status.headers.get("content-type")).toContain("image/svg+xml");
    const statusSvg = await status.text();
    expect(XMLValidator.validate(statusSvg)).toBe(true);
    const parsed = xml.parse(statusSvg) as { svg: { "@_xmlns": string; title: string; g: { text: string[] } } };
    expect(parsed.svg["@_xmlns"]).toBe("http://www.w3.org/2000/svg");
    expect(parsed.svg.title).toBe("Edge network: major outage");
    const uptimeSvg = await (await get(`/status/acme/uptime/${edge.id}.svg`)).text();
    expect(XMLValidator.validate(uptimeSvg)).toBe(true);
    expect((xml.parse(uptimeSvg) as { svg: { title: string } }).svg.title).toBe("Edge network: 99.92%");
    expect(await getJson(`/status/acme/badge/${edge.id}.json`)).toEqual({ schemaVersion: 1, label: "Edge network", message: "major outage", color: "red" });
    expect(await getJson(`/status/acme/uptime/${edge.id}.json`)).toEqual({ schemaVersion: 1, label: "Edge network", message: "99.92%", color: "brightgreen" });
    expect((await get("/status/acme/badge/000000000000.svg")).status).toBe(404);
    expect((await get("/status/acme/badge/not-an-id")).status).toBe(404);
  });
});
