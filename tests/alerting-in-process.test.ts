import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import type { Principal } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";
import { healthcheckHooks, type SystemTransition } from "@checkstack/healthcheck-common";
import { NotificationApi } from "@checkstack/notification-common";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { startWebhookReceiver } from "./alerting-support/receiver";
import { useInProcessPlatform } from "./support/in-process-platform";
import { waitFor } from "./support/poll";

const running = useInProcessPlatform();
const admin: Principal = { type: "user", id: "alert-admin", roles: ["admin"] };
const key = randomBytes(32);
const secret = `whsec_${key.toString("base64")}`;
const receiver = startWebhookReceiver(key);
afterAll(() => receiver.stop());

const as = <T>(principal: Principal, work: () => Promise<T>) => runInDbScope(running.platform.pool, { principal }, work);
const notification = () => running.platform.clientFor("test").forPlugin(NotificationApi, { actAs: "caller" });
const catalog = () => running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" });
const asAdmin = <T>(work: () => Promise<T>) => as(admin, work);

/** Reads the plugin's tables as a service (row security lets services see every row). */
async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
  return as({ type: "service", pluginId: "test" }, async () => {
    const client = await currentDbScope()!.client();
    return (await client.query(text, values)).rows as T[];
  });
}

let clock = Date.now();
/** What the health-check plugin emits on a status change (the hook is the interface alerting listens on). */
async function transition(systemId: string, previous: SystemTransition["previous"], status: SystemTransition["status"]): Promise<void> {
  clock += 1000;
  const hook = status === "healthy" ? healthcheckHooks.systemHealthy : status === "degraded" ? healthcheckHooks.systemDegraded : healthcheckHooks.systemUnhealthy;
  await running.platform.hooks.emit(hook, { systemId, previous, status, at: new Date(clock).toISOString() });
}

async function createSystems(prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) ids.push((await asAdmin(() => catalog().createSystem({ name: `${prefix}-${index}` }))).id);
  return ids;
}

async function webhookChannel(name: string, path: string): Promise<string> {
  return (await asAdmin(() => notification().createChannel({ name, kind: "webhook", config: { url: receiver.url(path), secret } }))).id;
}

beforeAll(async () => {
  await running.platform.pool.query("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'alert-admin', 'admin')");
}, 30_000);

describe("bad input is a 400 naming the field", () => {
  test("unknown kind, config failing its schema, a template that does not parse, an empty selection", async () => {
    await expect(asAdmin(() => notification().createChannel({ name: "x", kind: "carrier-pigeon", config: {} }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("kind"),
    });
    await expect(asAdmin(() => notification().createChannel({ name: "x", kind: "webhook", config: { url: receiver.url("/x"), secret: "nope" } }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("config.secret"),
    });
    const channelId = await webhookChannel("bad-input", "/bad-input");
    const [systemId] = await createSystems("bad-input", 1);
    await expect(
      asAdmin(() => notification().createRule({ name: "r", selection: { systemIds: [systemId!] }, channelIds: [channelId], template: "{{#systems}}{{name}}" })),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("template") });
    await expect(asAdmin(() => notification().createRule({ name: "r", selection: {}, channelIds: [channelId] }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("selection"),
    });
    await expect(asAdmin(() => notification().createRule({ name: "r", selection: { systemIds: [systemId!] }, channelIds: [channelId], reminderMinutes: 1 }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("reminderMinutes"),
    });
  });
});

describe("channels", () => {
  test("the secret is encrypted at rest and read back as ********; sendTest returns the provider's answer", async () => {
    const channelId = await webhookChannel("secret-check", "/send-test");
    const [stored] = await query<{ config: string }>("SELECT config::text AS config FROM plugin_notification.channels WHERE id = $1", [channelId]);
    expect(stored?.config).toContain("$secret");
    expect(stored?.config).not.toContain(key.toString("base64"));
    const read = await asAdmin(() => notification().getChannel({ channelId }));
    expect((read.config as { secret: string }).secret).toBe("********");
    // Sending the form back unchanged keeps the secret.
    await asAdmin(() => notification().updateChannel({ channelId, config: read.config }));
    receiver.script("/send-test", [() => new Response("accepted", { status: 202 })]);
    const result = await asAdmin(() => notification().sendTest({ channelId }));
    expect(result).toMatchObject({ ok: true, providerStatus: 202, providerResponse: "accepted" });
    expect(receiver.on("/send-test")).toHaveLength(1);
    expect(receiver.on("/send-test")[0]).toMatchObject({ id: result.messageId, verified: true, body: { kind: "test" } });
  });
});

describe("alert lifecycle", () => {
  test("unhealthy → one firing message; healthy → one recovery message; the alert's timeline tells the story", async () => {
    const [systemId] = await createSystems("lifecycle", 1);
    const channelId = await webhookChannel("lifecycle", "/lifecycle");
    await asAdmin(() => notification().createRule({ name: "lifecycle", selection: { systemIds: [systemId!] }, channelIds: [channelId], groupingSeconds: 0 }));
    await transition(systemId!, "healthy", "unhealthy");
    const [firing] = await waitFor(() => (receiver.on("/lifecycle").length >= 1 ? receiver.on("/lifecycle") : null), { timeoutMs: 20_000, description: "the firing message" });
    expect(firing).toMatchObject({ verified: true, body: { kind: "firing", title: "lifecycle-0 unhealthy" } });
    await transition(systemId!, "unhealthy", "healthy");
    await waitFor(() => receiver.on("/lifecycle").length >= 2, { timeoutMs: 20_000, description: "the recovery message" });
    expect(receiver.on("/lifecycle")[1]?.body).toMatchObject({ kind: "recovered", title: "lifecycle-0 recovered" });
    const [alert] = (await asAdmin(() => notification().listAlerts({ state: "all", systemId: systemId! }))).alerts;
    const detail = await asAdmin(() => notification().getAlert({ alertId: alert!.id }));
    expect(detail.state).toBe("resolved");
    expect(detail.timeline.map((entry) => entry.event)).toEqual(["opened", "notified", "resolved", "notified"]);
    // No third message: nothing else happened.
    await waitFor(async () => (await query("SELECT 1 FROM plugin_notification.messages WHERE channel_id = $1 AND state <> 'delivered'", [channelId])).length === 0);
    expect(receiver.on("/lifecycle")).toHaveLength(2);
  }, 60_000);

  test("a provider answering 429 Retry-After: 2 and then 200: delivered once, after the wait", async () => {
    const [systemId] = await createSystems("ratelimited", 1);
    const channelId = await webhookChannel("ratelimited", "/ratelimited");
    await asAdmin(() => notification().createRule({ name: "ratelimited", selection: { systemIds: [systemId!] }, channelIds: [channelId], groupingSeconds: 0 }));
    receiver.script("/ratelimited", [() => new Response("slow down", { status: 429, headers: { "retry-after": "2" } }), () => new Response("ok", { status: 200 })]);
    await transition(systemId!, "healthy", "unhealthy");
    await waitFor(async () => (await asAdmin(() => notification().listDeliveries({ channelId }))).deliveries.some((entry) => entry.status === "delivered"), {
      timeoutMs: 30_000,
      description: "the delivery after the rate limit",
    });
    const requests = receiver.on("/ratelimited");
    expect(requests).toHaveLength(2);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(2000);
    expect(requests[0]!.id).toBe(requests[1]!.id);
    const log = (await asAdmin(() => notification().listDeliveries({ channelId }))).deliveries.sort((a, b) => a.attempt - b.attempt);
    expect(log.map((entry) => [entry.attempt, entry.status, entry.providerStatus])).toEqual([
      [1, "retrying", 429],
      [2, "delivered", 200],
    ]);
  }, 60_000);

  test("a provider down for longer than the retries: failed in the log; the retry procedure delivers it", async () => {
    const [systemId] = await createSystems("down", 1);
    const channelId = await webhookChannel("down", "/down");
    await asAdmin(() => notification().createRule({ name: "down", selection: { systemIds: [systemId!] }, channelIds: [channelId], groupingSeconds: 0 }));
    receiver.script("/down", [() => new Response("maintenance", { status: 503 })]);
    await transition(systemId!, "healthy", "unhealthy");
    const [failed] = await waitFor(
      async () => {
        const { messages } = await asAdmin(() => notification().listMessages({ channelId }));
        return messages.some((message) => message.state === "failed") ? messages : null;
      },
      { timeoutMs: 90_000, description: "the message to fail" },
    );
    expect(failed).toMatchObject({ state: "failed", attempts: 5, lastError: "the provider answered HTTP 503" });
    expect(receiver.on("/down")).toHaveLength(5);
    receiver.script("/down", [() => new Response(null, { status: 204 })]);
    expect(await asAdmin(() => notification().retryDelivery({ messageId: failed!.id }))).toEqual({ changed: true });
    await waitFor(async () => (await asAdmin(() => notification().listMessages({ channelId }))).messages[0]?.state === "delivered", {
      timeoutMs: 20_000,
      description: "the retried delivery",
    });
    expect(receiver.on("/down")).toHaveLength(6);
    expect(new Set(receiver.on("/down").map((entry) => entry.id)).size).toBe(1);
  }, 120_000);
});

describe("storms", () => {
  test("a database with 5 dependants goes down: 1 alert message naming the 5 affected", async () => {
    const [database, ...dependants] = await createSystems("storm-db", 6);
    for (const dependant of dependants) await asAdmin(() => catalog().addDependency({ systemId: dependant, dependsOnSystemId: database!, impact: "critical" }));
    const channelId = await webhookChannel("storm-db", "/storm-db");
    await asAdmin(() => notification().createRule({ name: "storm-db", selection: { systemIds: [database!, ...dependants] }, channelIds: [channelId], groupingSeconds: 4 }));
    await transition(database!, "healthy", "unhealthy");
    for (const dependant of dependants) await transition(dependant, "healthy", "unhealthy");
    await waitFor(() => receiver.on("/storm-db").length >= 1, { timeoutMs: 30_000, description: "the outage message" });
    await waitFor(async () => (await query("SELECT 1 FROM plugin_notification.messages WHERE channel_id = $1 AND state IN ('open', 'retrying')", [channelId])).length === 0);
    const messages = receiver.on("/storm-db");
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body.title).toBe("storm-db-0 unhealthy");
    expect(messages[0]!.body.text).toContain("storm-db-1, storm-db-2, storm-db-3, storm-db-4 and storm-db-5 are affected");
    const open = (await asAdmin(() => notification().listAlerts({ state: "open" }))).alerts.filter((alert) => alert.systemName.startsWith("storm-db"));
    expect(open).toHaveLength(6);
    const root = open.find((alert) => alert.systemId === database);
    expect(open.filter((alert) => alert.parentAlertId === root?.id)).toHaveLength(5);
    const child = await asAdmin(() => notification().getAlert({ alertId: open.find((alert) => alert.parentAlertId)!.id }));
    expect(child.timeline.some((entry) => entry.event === "folded" && entry.detail?.includes("storm-db-0"))).toBe(true);
  }, 60_000);

  test("the database and its dependants failing at the same moment (handled side by side): still one message", async () => {
    const [database, ...dependants] = await createSystems("race-db", 6);
    for (const dependant of dependants) await asAdmin(() => catalog().addDependency({ systemId: dependant, dependsOnSystemId: database!, impact: "critical" }));
    const channelId = await webhookChannel("race-db", "/race-db");
    await asAdmin(() => notification().createRule({ name: "race-db", selection: { systemIds: [database!, ...dependants] }, channelIds: [channelId], groupingSeconds: 4 }));
    await Promise.all([...dependants, database!].map((systemId) => transition(systemId, "healthy", "unhealthy")));
    await waitFor(() => receiver.on("/race-db").length >= 1, { timeoutMs: 30_000, description: "the outage message" });
    await waitFor(async () => (await query("SELECT 1 FROM plugin_notification.messages WHERE channel_id = $1 AND state IN ('open', 'retrying')", [channelId])).length === 0);
    const messages = receiver.on("/race-db");
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body.title).toBe("race-db-0 unhealthy");
    expect(messages[0]!.body.text).toContain("race-db-1, race-db-2, race-db-3, race-db-4 and race-db-5 are affected");
  }, 60_000);

  test("10 systems failing at once: one grouped message", async () => {
    const systems = await createSystems("storm-ten", 10);
    const channelId = await webhookChannel("storm-ten", "/storm-ten");
    await asAdmin(() => notification().createRule({ name: "storm-ten", selection: { systemIds: systems }, channelIds: [channelId], groupingSeconds: 4 }));
    await Promise.all(systems.map((systemId) => transition(systemId, "healthy", "unhealthy")));
    await waitFor(() => receiver.on("/storm-ten").length >= 1, { timeoutMs: 30_000, description: "the grouped message" });
    await waitFor(async () => (await query("SELECT 1 FROM plugin_notification.messages WHERE channel_id = $1 AND state IN ('open', 'retrying')", [channelId])).length === 0);
    const messages = receiver.on("/storm-ten");
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body.title).toStartWith("10 systems unhealthy: storm-ten-0, storm-ten-1");
    expect(messages[0]!.body.systems).toHaveLength(10);
  }, 60_000);
});

describe("time-driven and suppressed notifications", () => {
  test("reminders and escalation are claimed once when due; acknowledging stops both", async () => {
    const [systemId, witnessId] = await createSystems("cadence", 2);
    const channelId = await webhookChannel("cadence", "/cadence");
    const escalationId = await webhookChannel("cadence-escalation", "/cadence-escalation");
    await asAdmin(() =>
      notification().createRule({
        name: "cadence",
        selection: { systemIds: [systemId!, witnessId!] },
        channelIds: [channelId],
        groupingSeconds: 0,
        reminderMinutes: 5,
        reminderMaxCount: 3,
        escalation: [{ afterMinutes: 10, channelIds: [escalationId] }],
      }),
    );
    const titled = (path: string, title: string) => receiver.on(path).filter((entry) => entry.body.title === title);
    await transition(systemId!, "healthy", "unhealthy");
    await transition(witnessId!, "healthy", "unhealthy");
    await waitFor(() => receiver.on("/cadence").length >= 2, { timeoutMs: 20_000, description: "the firing messages" });
    const alertOf = async (id: string) => (await asAdmin(() => notification().listAlerts({ systemId: id }))).alerts[0]!;
    const [alert, witness] = [await alertOf(systemId!), await alertOf(witnessId!)];
    // Time travel: reminders and escalation steps are due now; the cluster-wide tick claims them.
    const makeDue = (alertId: string) =>
      query("UPDATE plugin_notification.alert_rule_state SET next_reminder_at = now() - interval '1 second', next_escalation_at = now() - interval '1 second' WHERE alert_id = $1", [alertId]);
    await makeDue(alert.id);
    await waitFor(() => titled("/cadence", "cadence-0 still unhealthy").length >= 1 && receiver.on("/cadence-escalation").length >= 1, {
      timeoutMs: 30_000,
      description: "reminder and escalation",
    });
    expect(receiver.on("/cadence-escalation")[0]?.body).toMatchObject({ kind: "escalated", title: "cadence-0 now unhealthy" });
    const [state] = await query<{ reminders_sent: number; escalation_step: number; next_escalation_at: Date | null }>(
      "SELECT reminders_sent, escalation_step, next_escalation_at FROM plugin_notification.alert_rule_state WHERE alert_id = $1",
      [alert.id],
    );
    expect(state).toMatchObject({ reminders_sent: 1, escalation_step: 1, next_escalation_at: null });

    await asAdmin(() => notification().acknowledgeAlert({ alertId: alert.id }));
    await makeDue(alert.id);
    await makeDue(witness.id);
    // The witness's reminder proves a tick ran after both were due: the acknowledged alert got nothing from it.
    await waitFor(() => titled("/cadence", "cadence-1 still unhealthy").length >= 1, { timeoutMs: 30_000, description: "the witness's reminder" });
    await waitFor(async () => (await query("SELECT 1 FROM plugin_notification.messages WHERE channel_id = $1 AND state IN ('open', 'retrying')", [channelId])).length === 0);
    expect(titled("/cadence", "cadence-0 still unhealthy")).toHaveLength(1);
    expect(titled("/cadence-escalation", "cadence-0 now unhealthy")).toHaveLength(1);
    const detail = await asAdmin(() => notification().getAlert({ alertId: alert.id }));
    expect(detail.acknowledgedBy).toBe("user:alert-admin");
    expect(detail.timeline.map((entry) => entry.event)).toContain("acknowledged");
  }, 90_000);

  test("a silenced system does not page; the timeline records why", async () => {
    const [systemId] = await createSystems("silenced", 1);
    const channelId = await webhookChannel("silenced", "/silenced");
    await asAdmin(() => notification().createRule({ name: "silenced", selection: { systemIds: [systemId!] }, channelIds: [channelId], groupingSeconds: 0 }));
    await asAdmin(() => notification().createSilence({ targetType: "system", targetId: systemId!, until: new Date(Date.now() + 3_600_000), reason: "planned migration" }));
    await transition(systemId!, "healthy", "unhealthy");
    const alert = await waitFor(async () => (await asAdmin(() => notification().listAlerts({ systemId: systemId! }))).alerts[0], { timeoutMs: 20_000 });
    const detail = await asAdmin(() => notification().getAlert({ alertId: alert.id }));
    expect(detail.timeline.find((entry) => entry.event === "suppressed")?.detail).toContain("planned migration");
    expect(await query("SELECT 1 FROM plugin_notification.messages WHERE channel_id = $1", [channelId])).toHaveLength(0);
    const audited = await running.platform.pool.query("SELECT 1 FROM checkstack.audit_log WHERE table_name = 'silences' AND operation = 'INSERT'");
    expect(audited.rows.length).toBeGreaterThan(0);
  }, 60_000);
});
