import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import type { Principal } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";
import { IncidentApi } from "@checkstack/incident-common";
import { MaintenanceApi } from "@checkstack/maintenance-common";
import { NotificationApi } from "@checkstack/notification-common";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { startWebhookReceiver } from "./alerting-support/receiver";
import { useInProcessPlatform } from "./support/in-process-platform";
import { waitFor } from "./support/poll";

// Incident and maintenance events reach the channels of the rules covering their systems, once.
const running = useInProcessPlatform();
const admin: Principal = { type: "user", id: "announce-admin", roles: ["admin"] };
const key = randomBytes(32);
const secret = `whsec_${key.toString("base64")}`;
const receiver = startWebhookReceiver(key);
afterAll(() => receiver.stop());

const asAdmin = <T>(work: () => Promise<T>) => runInDbScope(running.platform.pool, { principal: admin }, work);
const client = () => running.platform.clientFor("test");
const notification = () => client().forPlugin(NotificationApi, { actAs: "caller" });
const catalog = () => client().forPlugin(CatalogApi, { actAs: "caller" });
const incidents = () => client().forPlugin(IncidentApi, { actAs: "caller" });
const maintenance = () => client().forPlugin(MaintenanceApi, { actAs: "caller" });

async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
  return runInDbScope(running.platform.pool, { principal: { type: "service", pluginId: "test" } }, async () => {
    const scope = currentDbScope();
    if (!scope) throw new Error("no database scope");
    return (await (await scope.client()).query(text, values)).rows as T[];
  });
}

/** Every announcement of the channel has been sent (none open or retrying): nothing more is coming. */
async function settled(channelId: string): Promise<void> {
  await waitFor(async () => (await query("SELECT 1 FROM plugin_notification.announcements WHERE channel_id = $1 AND state IN ('open', 'retrying')", [channelId])).length === 0, {
    timeoutMs: 20_000,
    description: "the channel's announcements to be sent",
  });
}

async function setup(prefix: string): Promise<{ covered: string; uncovered: string; channelId: string; path: string }> {
  const covered = (await asAdmin(() => catalog().createSystem({ name: `${prefix}-covered` }))).id;
  const uncovered = (await asAdmin(() => catalog().createSystem({ name: `${prefix}-elsewhere` }))).id;
  const path = `/${prefix}`;
  const channelId = (await asAdmin(() => notification().createChannel({ name: prefix, kind: "webhook", config: { url: receiver.url(path), secret } }))).id;
  // Two rules covering the system and naming the same channel: the channel is still told once.
  await asAdmin(() => notification().createRule({ name: `${prefix}-a`, selection: { systemIds: [covered] }, channelIds: [channelId], severity: "unhealthy" }));
  await asAdmin(() => notification().createRule({ name: `${prefix}-b`, selection: { systemIds: [covered] }, channelIds: [channelId], severity: "degraded" }));
  return { covered, uncovered, channelId, path };
}

beforeAll(async () => {
  await running.platform.pool.query("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'announce-admin', 'admin') ON CONFLICT DO NOTHING");
}, 30_000);

describe("incident and maintenance notifications", () => {
  test("an incident on a covered system reaches the rule's webhook once per change; one elsewhere reaches nobody", async () => {
    const { covered, uncovered, channelId, path } = await setup("incident");
    await asAdmin(() => incidents().createIncident({ title: "Elsewhere only", message: "Not ours.", impact: "minor", systems: [{ systemId: uncovered, impact: "minor" }] }));
    const incident = await asAdmin(() =>
      incidents().createIncident({ title: "Payments failing", message: "Card payments time out.", impact: "major", systems: [{ systemId: covered, impact: "major" }] }),
    );
    const [created] = await waitFor(() => (receiver.on(path).length >= 1 ? receiver.on(path) : null), { timeoutMs: 20_000, description: "the incident message" });
    expect(created).toMatchObject({ verified: true, body: { kind: "incident", title: "Incident: Payments failing", alertKey: `incident:${incident.id}` } });
    expect(created?.body.text).toContain("Card payments time out.");
    expect(created?.body.text).toContain("Affected: incident-covered");

    await asAdmin(() => incidents().resolveIncident({ incidentId: incident.id, message: "Fixed." }));
    await waitFor(() => receiver.on(path).length >= 2, { timeoutMs: 20_000, description: "the resolved message" });
    await settled(channelId);
    const messages = receiver.on(path);
    expect(messages.map((message) => message.body.title)).toEqual(["Incident: Payments failing", "Resolved: Payments failing"]);
    expect(new Set(messages.map((message) => message.id)).size).toBe(2);
    // Both in the delivery log of the channel.
    const log = await asAdmin(() => notification().listDeliveries({ channelId }));
    expect(log.deliveries.map((entry) => [entry.kind, entry.status])).toEqual([
      ["incident", "delivered"],
      ["incident", "delivered"],
    ]);
  }, 60_000);

  test("a maintenance start reaches the rule's webhook once", async () => {
    const { covered, channelId, path } = await setup("maintenance");
    const local = (ms: number) => new Date(ms).toISOString().slice(0, 19);
    const startMs = Date.now() + 2000;
    await asAdmin(() =>
      maintenance().createWindow({ title: "Database upgrade", systemIds: [covered], start: local(startMs), end: local(startMs + 600_000), timezone: "UTC", upcomingLeadMinutes: 1 }),
    );
    const started = await waitFor(() => receiver.on(path).find((message) => message.body.title === "Maintenance started: Database upgrade") ?? null, {
      timeoutMs: 30_000,
      description: "the maintenance start message",
    });
    expect(started).toMatchObject({ verified: true, body: { kind: "maintenance" } });
    expect(started.body.text).toContain("Systems: maintenance-covered");
    await settled(channelId);
    // The start once. (Whether "upcoming" came first depends on whether a maintenance tick fell
    // between the create and the start: at most once, then.)
    const titles = receiver.on(path).map((message) => message.body.title);
    expect(titles.filter((title) => title === "Maintenance started: Database upgrade")).toHaveLength(1);
    expect(titles.filter((title) => title !== "Maintenance started: Database upgrade")).toEqual(titles.includes("Upcoming maintenance: Database upgrade") ? ["Upcoming maintenance: Database upgrade"] : []);
    expect(new Set(receiver.on(path).map((message) => message.id)).size).toBe(titles.length);
  }, 60_000);
});
