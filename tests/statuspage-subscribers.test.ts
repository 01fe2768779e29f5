/**
 * Status-page subscribers through the whole platform on real Postgres, with a real SMTP server
 * (smtp-server, parsed by mailparser) and a real webhook receiver on 127.0.0.1: double opt-in by the
 * page's form, a confirmation link, one mail per incident event, the one-click unsubscribe, identical
 * answers to repeated sign-ups, the Postgres rate limit, forged links refused, signed webhooks, and the
 * admin procedures (team-scoped, audited).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Principal } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";
import { IncidentApi } from "@checkstack/incident-common";
import { maintenanceHooks, type MaintenanceHookPayload } from "@checkstack/maintenance-common";
import { startFakeSmtp, type FakeSmtp, type ReceivedMail } from "@checkstack/notification-email-backend/testing";
import { signWebhook } from "@checkstack/notification-kit";
import { StatuspageApi, type Page } from "@checkstack/statuspage-common";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { contentStore } from "./fixtures/plugins/statuspage-content/src/store";
import { fixturePlugin, useInProcessPlatform } from "./support/in-process-platform";
import { waitFor } from "./support/poll";

const running = useInProcessPlatform();
const admin: Principal = { type: "user", id: "subs-admin", roles: ["admin"] };
const memberA: Principal = { type: "user", id: "subs-a", roles: [] };
const memberB: Principal = { type: "user", id: "subs-b", roles: [] };
const ORIGIN = "http://status.test";
const team: Record<string, string> = {};
let systemId = "";
let page: Page;
let smtp: FakeSmtp;
/** What the webhook receiver on 127.0.0.1 got: headers and raw body, verified once the secret is known. */
const hooks: Array<{ id: string; timestamp: string; signature: string; body: string }> = [];
const receiver = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch: async (request) => {
    const header = (name: string) => request.headers.get(name) ?? "";
    hooks.push({ id: header("webhook-id"), timestamp: header("webhook-timestamp"), signature: header("webhook-signature"), body: await request.text() });
    return new Response(null, { status: 204 });
  },
});

afterAll(async () => {
  receiver.stop(true);
  await smtp?.stop();
});

const sql = <R extends Record<string, unknown>>(text: string, values: unknown[] = []) => running.platform.pool.query<R>(text, values);
/** Reads the plugin's tables as its service principal (row security admits nobody else). */
const asPlugin = <R extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  runInDbScope(running.platform.pool, { principal: { type: "service", pluginId: "statuspage" } }, async () => (await currentDbScope()!.client()).query<R>(text, values));
/** A form's action as the browser reads it (Mustache writes "/" as &#x2F;). */
const formAction = (html: string, className: string) => new RegExp(`<form method="post" action="([^"]+)" class="${className}">`).exec(html)?.[1]?.replaceAll("&#x2F;", "/");
const clients = () => ({
  pages: running.platform.clientFor("test").forPlugin(StatuspageApi, { actAs: "caller" }),
  catalog: running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" }),
  incidents: running.platform.clientFor("test").forPlugin(IncidentApi, { actAs: "caller" }),
});
const as = <T>(principal: Principal, work: (client: ReturnType<typeof clients>) => Promise<T>) =>
  runInDbScope(running.platform.pool, { principal }, () => work(clients()));
const errorCode = (promise: Promise<unknown>) => promise.then(() => "allowed", (error: { code?: string }) => error.code ?? String(error));

async function http(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await running.platform.pluginRoutes(new Request(url.startsWith("http") ? url : `${ORIGIN}${url}`, init));
  if (!response) throw new Error(`no route served ${url}`);
  return response;
}
const postForm = (path: string, fields: Record<string, string>) =>
  http(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
const postJson = (path: string, body: unknown) => http(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const mailsTo = (address: string): ReceivedMail[] => smtp.received.filter(({ envelope }) => envelope.to.includes(address));
const header = (received: ReceivedMail, name: string) => received.mail.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, "");
const linkIn = (received: ReceivedMail, kind: "subscribe/confirm" | "unsubscribe") => {
  const match = new RegExp(`${ORIGIN}/status/[a-z0-9-]+/${kind}\\?token=[^\\s"<>]+`).exec(received.mail.text ?? "");
  if (!match) throw new Error(`no ${kind} link in: ${received.mail.text}`);
  return match[0];
};
/** Every outbox row is delivered (or there are none left to send): what was going to arrive has arrived. */
const outboxDrained = async () => (await asPlugin<{ n: string }>("SELECT count(*) AS n FROM plugin_statuspage.subscriber_deliveries WHERE state <> 'delivered'")).rows[0]?.n === "0";

beforeAll(async () => {
  smtp = await startFakeSmtp();
  // Emits maintenance events as the maintenance plugin's ticker does (without waiting for a real start time).
  expect((await running.platform.runtime.load([fixturePlugin("statuspage-content")])).failed).toEqual([]);
  await sql("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'subs-admin', 'admin')");
  const teams = await sql<{ id: string; name: string }>("INSERT INTO checkstack.teams (name) VALUES ('Subs A'), ('Subs B') RETURNING id, name");
  for (const row of teams.rows) team[row.name === "Subs A" ? "A" : "B"] = row.id;
  await sql("INSERT INTO checkstack.team_members (team_id, principal_type, principal_id) VALUES ($1, 'user', 'subs-a'), ($2, 'user', 'subs-b')", [team["A"], team["B"]]);
  systemId = (await as(admin, ({ catalog }) => catalog.createSystem({ name: "subs-api", ownerTeamId: team["A"] }))).id;
  page = await as(admin, ({ pages }) =>
    pages.createPage({
      slug: "subs",
      title: "Subs Status",
      ownerTeamId: team["A"],
      sections: [{ title: "Core", items: [{ kind: "system", systemId, displayName: "API" }] }],
    }),
  );
  await as(admin, ({ pages }) => pages.publishPage({ pageId: page.id }));
}, 60_000);

describe("settings", () => {
  test("e-mail sign-ups are refused (503) until an admin sets the SMTP settings; only admins may", async () => {
    await waitFor(async () => (await http("/status/subs")).status === 200, { timeoutMs: 5_000, description: "the page to be published" });
    const before = await postJson("/status/subs/subscribe", { email: "early@example.com" });
    expect(before.status).toBe(503);
    const settings = { host: "127.0.0.1", port: smtp.port, security: "none" as const, from: "status@subs.example", fromName: "Subs status", publicUrl: ORIGIN, password: "smtp-secret-91", username: "u" };
    expect(await errorCode(as(memberA, ({ pages }) => pages.setSubscriberSettings(settings)))).toBe("FORBIDDEN");
    const { username: _username, password: _password, ...plain } = settings;
    const saved = await as(admin, ({ pages }) => pages.setSubscriberSettings(plain));
    expect(saved.configured).toBe(true);
    const withPassword = await as(admin, ({ pages }) => pages.setSubscriberSettings({ ...settings, security: "none" }));
    expect(JSON.stringify(withPassword)).not.toContain("smtp-secret-91");
    // The fake server does not authenticate: back to the plain relay.
    await as(admin, ({ pages }) => pages.setSubscriberSettings(plain));
    expect((await as(admin, ({ pages }) => pages.getSubscriberSettings())).settings).toMatchObject({ host: "127.0.0.1", publicUrl: ORIGIN });
  });
});

describe("e-mail subscribers", () => {
  let aliceUnsubscribe = "";
  let incidentId = "";

  test("the page has a sign-up form that works without JavaScript (a plain POST form)", async () => {
    const html = await (await http("/status/subs")).text();
    expect(formAction(html, "subscribe")).toBe("/status/subs/subscribe");
    expect(html).toMatch(/<input id="subscribe-email" type="email" name="email"/);
  });

  test("sign-up by the form → a confirmation mail with a signed link and RFC 8058 headers → confirmed by the link", async () => {
    const answer = await postForm("/status/subs/subscribe", { email: "Alice@Example.com" });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("text/html");
    expect(await answer.text()).toContain("Check your inbox");
    await waitFor(() => mailsTo("alice@example.com").length === 1, { timeoutMs: 60_000, description: "the confirmation mail" });
    const [confirmation] = mailsTo("alice@example.com") as [ReceivedMail];
    expect(confirmation.mail.subject).toBe("[Subs Status] Confirm your subscription");
    expect(header(confirmation, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(header(confirmation, "list-unsubscribe")).toMatch(/^<http:\/\/status\.test\/status\/subs\/unsubscribe\?token=[^>]+>$/);
    expect(confirmation.mail.html).toContain("Unsubscribe");
    const state = async () => (await asPlugin<{ state: string }>("SELECT state FROM plugin_statuspage.subscribers WHERE target = 'alice@example.com'")).rows[0]?.state;
    expect(await state()).toBe("pending");

    const confirmed = await http(linkIn(confirmation, "subscribe/confirm"));
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("Subscription confirmed");
    expect(await state()).toBe("confirmed");
  });

  test("a repeated sign-up answers exactly as a new one, whether the address is new, pending or confirmed", async () => {
    const answers = [];
    for (const email of ["alice@example.com", "bob@example.com", "bob@example.com"]) {
      const response = await postJson("/status/subs/subscribe", { email });
      answers.push({ status: response.status, type: response.headers.get("content-type"), body: await response.text() });
    }
    expect(answers[0]).toMatchObject({ status: 202 });
    expect(answers[1]).toEqual(answers[0]!);
    expect(answers[2]).toEqual(answers[0]!);
    // Bob (pending) gets a confirmation each time; Alice (confirmed) gets nothing new.
    await waitFor(() => mailsTo("bob@example.com").length === 2, { timeoutMs: 60_000, description: "bob's confirmation mails" });
    await waitFor(outboxDrained, { timeoutMs: 60_000, description: "the outbox to drain" });
    expect(mailsTo("alice@example.com")).toHaveLength(1);
  });

  test("an incident on the page: one mail to each confirmed address, one signed webhook, nothing to pending ones", async () => {
    const webhook = await as(memberA, ({ pages }) => pages.createWebhookSubscriber({ pageId: page.id, url: `http://127.0.0.1:${receiver.port}/hook` }));
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(webhook.subscriber).toMatchObject({ kind: "webhook", state: "confirmed" });

    const incident = await as(admin, ({ incidents }) =>
      incidents.createIncident({ title: "API errors", message: "Looking into it", impact: "major", systems: [{ systemId, impact: "major" }], ownerTeamId: team["A"] }),
    );
    await waitFor(() => hooks.length === 1 && mailsTo("alice@example.com").length === 2, { timeoutMs: 60_000, description: "the incident mail and webhook" });
    await waitFor(outboxDrained, { timeoutMs: 60_000, description: "the outbox to drain" });
    const incidentMail = mailsTo("alice@example.com")[1]!;
    expect(incidentMail.mail.subject).toBe("[Subs Status] New incident: API errors");
    expect(incidentMail.mail.text).toContain("Status: Investigating · Impact: major");
    expect(incidentMail.mail.text).toContain(`${ORIGIN}/status/subs`);
    expect(header(incidentMail, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(mailsTo("bob@example.com")).toHaveLength(2);

    const [delivered] = hooks as [(typeof hooks)[number]];
    expect(delivered.signature).toBe(signWebhook(webhook.secret, delivered.id, Number(delivered.timestamp), delivered.body));
    expect(Math.abs(Number(delivered.timestamp) - Date.now() / 1000)).toBeLessThan(300);
    expect(JSON.parse(delivered.body)).toMatchObject({ type: "incident.created", data: { title: "API errors", status: "investigating", impact: "major", page: { slug: "subs" } } });
    expect(delivered.body).not.toContain(systemId);
    aliceUnsubscribe = linkIn(incidentMail, "unsubscribe");

    await as(admin, ({ incidents }) => incidents.postIncidentUpdate({ incidentId: incident.id, message: "Fix deployed", status: "monitoring" }));
    await waitFor(() => hooks.length === 2 && mailsTo("alice@example.com").length === 3, { timeoutMs: 60_000, description: "the update's mail and webhook" });
    expect(mailsTo("alice@example.com")[2]?.mail.subject).toBe("[Subs Status] Incident update: API errors");
    incidentId = incident.id;
  });

  test("forged, altered or misused links are refused and change nothing", async () => {
    const token = new URL(aliceUnsubscribe).searchParams.get("token")!;
    const [subscriberId] = token.split(".");
    const altered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    const forged = `${subscriberId}.${"A".repeat(43)}`;
    for (const bad of [altered, forged, "garbage", `${crypto.randomUUID()}.${"x".repeat(43)}`]) {
      expect((await http(`/status/subs/unsubscribe?token=${encodeURIComponent(bad)}`)).status).toBe(400);
      expect((await postForm("/status/subs/unsubscribe", { token: bad })).status).toBe(400);
      expect((await http(`/status/subs/subscribe/confirm?token=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
    // An unsubscribe token does not confirm, and a token of one page does nothing on another.
    expect((await http(`/status/subs/subscribe/confirm?token=${encodeURIComponent(token)}`)).status).toBe(400);
    const other = await as(admin, ({ pages }) => pages.createPage({ slug: "subs-other", title: "Other" }));
    await as(admin, ({ pages }) => pages.publishPage({ pageId: other.id }));
    expect((await postForm("/status/subs-other/unsubscribe", { token })).status).toBe(400);
    const count = await asPlugin<{ n: string }>("SELECT count(*) AS n FROM plugin_statuspage.subscribers WHERE target = 'alice@example.com' AND state = 'confirmed'");
    expect(count.rows[0]?.n).toBe("1");
  });

  test("the unsubscribe link shows a button (a GET changes nothing); its POST ends the subscription: no more mail", async () => {
    const shown = await http(aliceUnsubscribe);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(formAction(html, "subscribe")).toBe("/status/subs/unsubscribe");
    const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
    expect(token).toBe(new URL(aliceUnsubscribe).searchParams.get("token")!);
    expect((await asPlugin("SELECT 1 FROM plugin_statuspage.subscribers WHERE target = 'alice@example.com'")).rows).toHaveLength(1);

    const done = await postForm("/status/subs/unsubscribe", { token: token! });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Unsubscribed");
    expect((await asPlugin("SELECT 1 FROM plugin_statuspage.subscribers WHERE target = 'alice@example.com'")).rows).toHaveLength(0);
    // The same link again: refused, the subscription is gone.
    expect((await postForm("/status/subs/unsubscribe", { token: token! })).status).toBe(400);

    // Bob unsubscribes the way mail clients do (RFC 8058): a POST to the List-Unsubscribe URL.
    const bobs = mailsTo("bob@example.com")[1]!;
    const oneClick = header(bobs, "list-unsubscribe")!.replace(/^<|>$/g, "");
    const clicked = await http(oneClick, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(clicked.status).toBe(200);
    expect((await asPlugin("SELECT 1 FROM plugin_statuspage.subscribers WHERE target = 'bob@example.com'")).rows).toHaveLength(0);

    const mailsBefore = smtp.received.length;
    await as(admin, ({ incidents }) => incidents.resolveIncident({ incidentId }));
    await waitFor(() => hooks.length === 3, { timeoutMs: 60_000, description: "the resolution's webhook" });
    await waitFor(outboxDrained, { timeoutMs: 60_000, description: "the outbox to drain" });
    expect(JSON.parse(hooks[2]!.body)).toMatchObject({ type: "incident.resolved" });
    // The resolution went out in the same transaction as the webhook's row: nothing was written for the addresses.
    expect(smtp.received.length).toBe(mailsBefore);
  });

  test("maintenance of a system on the page: upcoming, started and ended reach the subscribers; other systems' do not", async () => {
    const emit = contentStore.emitHook!;
    const window = (systemIds: string[], title: string): MaintenanceHookPayload => ({
      windowId: crypto.randomUUID(),
      occurrenceId: crypto.randomUUID(),
      title,
      systemIds,
      startsAt: "2026-12-24T22:00:00.000Z",
      endsAt: "2026-12-24T23:00:00.000Z",
      ownerTeamId: null,
    });
    const before = hooks.length;
    await emit(maintenanceHooks.upcoming, window([crypto.randomUUID()], "Someone else's maintenance"));
    const ours = window([systemId], "Database upgrade");
    await emit(maintenanceHooks.upcoming, ours);
    await emit(maintenanceHooks.started, ours);
    await emit(maintenanceHooks.ended, { ...ours, cancelled: false });
    await waitFor(() => hooks.length === before + 3, { timeoutMs: 60_000, description: "three maintenance webhooks" });
    await waitFor(outboxDrained, { timeoutMs: 60_000, description: "the outbox to drain" });
    const received = hooks.slice(before).map((hook) => JSON.parse(hook.body) as { type: string; data: { title: string; status: string; startsAt: string } });
    expect(received.map((body) => body.type).sort()).toEqual(["maintenance.ended", "maintenance.scheduled", "maintenance.started"]);
    expect(received.every((body) => body.data.title === "Database upgrade")).toBe(true);
    expect(received.find((body) => body.type === "maintenance.ended")?.data).toMatchObject({ status: "completed", startsAt: ours.startsAt });
    // Each webhook has its own id, stable for its (event, subscriber): a receiver can drop redeliveries.
    expect(new Set(hooks.map((hook) => hook.id)).size).toBe(hooks.length);
  });

  test("sign-ups are rate-limited per address in Postgres: a 429 with Retry-After, as HTML for the form", async () => {
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await postJson("/status/subs/subscribe", { email: "carol@example.com" })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const limited = await postJson("/status/subs/subscribe", { email: "carol@example.com" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const form = await postForm("/status/subs/subscribe", { email: "carol@example.com" });
    expect(form.status).toBe(429);
    expect(await form.text()).toContain("Too many requests");
    // Every request was counted, the refused ones too (no address is stored, only a hash).
    const counted = await asPlugin<{ n: string }>("SELECT count(*) AS n FROM plugin_statuspage.signup_attempts WHERE scope = 'address' GROUP BY key ORDER BY count(*) DESC LIMIT 1");
    expect(counted.rows[0]?.n).toBe("6");
    expect((await asPlugin("SELECT 1 FROM plugin_statuspage.signup_attempts WHERE key LIKE '%carol%'")).rows).toHaveLength(0);
  });

  test("sign-ups are rate-limited per page", async () => {
    const current = (await as(admin, ({ pages }) => pages.getSubscriberSettings())).settings as Record<string, unknown>;
    await as(admin, ({ pages }) => pages.setSubscriberSettings({ ...(current as { host: string; from: string; publicUrl: string }), port: smtp.port, security: "none", signupsPerPagePerHour: 2 }));
    const other = (await as(admin, ({ pages }) => pages.listPages({}))).items.find((candidate) => candidate.slug === "subs-other")!;
    const statuses = [];
    for (const email of ["p1@example.com", "p2@example.com", "p3@example.com"]) statuses.push((await postJson(`/status/${other.slug}/subscribe`, { email })).status);
    expect(statuses).toEqual([202, 202, 429]);
    await as(admin, ({ pages }) => pages.setSubscriberSettings({ ...(current as { host: string; from: string; publicUrl: string }), port: smtp.port, security: "none", signupsPerPagePerHour: 100 }));
  });

  test("bad input names the field; a draft page has no sign-up", async () => {
    const bad = await postJson("/status/subs/subscribe", { email: "not-an-address" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("email");
    const missing = await postForm("/status/subs/subscribe", {});
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("email");
    const draft = await as(admin, ({ pages }) => pages.createPage({ slug: "subs-draft", title: "Draft" }));
    expect((await postJson(`/status/${draft.slug}/subscribe`, { email: "d@example.com" })).status).toBe(404);
  });
});

describe("administration", () => {
  test("a page's managers list and remove its subscribers; other teams cannot; removals are audited", async () => {
    await postJson("/status/subs/subscribe", { email: "dave@example.com" });
    const listed = await as(memberA, ({ pages }) => pages.listSubscribers({ pageId: page.id }));
    expect(listed.items.map((subscriber) => subscriber.target)).toContain("dave@example.com");
    expect(listed.items.find((subscriber) => subscriber.target === "dave@example.com")).toMatchObject({ kind: "email", state: "pending" });
    const firstPage = await as(memberA, ({ pages }) => pages.listSubscribers({ pageId: page.id, limit: 1 }));
    expect(firstPage.items).toHaveLength(1);
    const rest = await as(memberA, ({ pages }) => pages.listSubscribers({ pageId: page.id, cursor: firstPage.nextCursor!, limit: 100 }));
    expect([...firstPage.items, ...rest.items].map((subscriber) => subscriber.id)).toEqual(listed.items.map((subscriber) => subscriber.id));

    expect(await errorCode(as(memberB, ({ pages }) => pages.listSubscribers({ pageId: page.id })))).toBe("FORBIDDEN");
    const dave = listed.items.find((subscriber) => subscriber.target === "dave@example.com")!;
    expect(await errorCode(as(memberB, ({ pages }) => pages.removeSubscriber({ pageId: page.id, subscriberId: dave.id })))).toBe("FORBIDDEN");
    expect(await as(memberA, ({ pages }) => pages.removeSubscriber({ pageId: page.id, subscriberId: dave.id }))).toEqual({ removed: true });
    expect(await errorCode(as(memberA, ({ pages }) => pages.removeSubscriber({ pageId: page.id, subscriberId: dave.id })))).toBe("NOT_FOUND");
    const audit = await sql<{ principal: string }>(
      `SELECT principal FROM checkstack.audit_log WHERE schema_name = 'plugin_statuspage' AND table_name = 'subscribers' AND operation = 'DELETE'
        AND old_row->>'id' = $1`,
      [dave.id],
    );
    expect(audit.rows[0]?.principal).toContain("subs-a");
    expect(await errorCode(as(memberA, ({ pages }) => pages.createWebhookSubscriber({ pageId: page.id, url: "ftp://example.com" })))).toBe("BAD_REQUEST");
  });
});
