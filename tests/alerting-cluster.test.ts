import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { Pool } from "pg";
import { useTestDatabase } from "@checkstack/test-utils";
import { startWebhookReceiver } from "./alerting-support/receiver";
import { signIn, type ApiSession } from "./support/api-session";
import { BOOT_BOUND_MS, newSecretKey, usePlatforms, type PlatformProcess } from "./support/platform-process";
import { waitFor } from "./support/poll";
import { queryAsService } from "./support/service-query";

/**
 * Three instances on one database, 20 systems with real HTTP checks whose targets fail and recover.
 * One instance is killed (-9) while the failures are being turned into alerts, another while
 * recovery messages are in flight at a slow receiver. Every change must reach the channel, under one
 * message id per (alert, kind): 0 lost, 0 duplicate ids (a resend of the same id is allowed: receivers drop it).
 */
const SYSTEMS = 20;
const ADMIN = { email: "alerting@example.test", password: "correct horse battery staple" };

const platforms = usePlatforms("all");
const database = useTestDatabase();
const secretKey = newSecretKey();
const key = randomBytes(32);
const receiver = startWebhookReceiver(key);
afterAll(() => receiver.stop());

let failing = false;
const target = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch: () => (failing ? new Response("down", { status: 500 }) : new Response("ok")),
});
afterAll(() => target.stop(true));

let pool: Pool;
afterAll(async () => {
  await pool?.end();
});
const asService = <T extends Record<string, unknown>>(query: string, values: unknown[] = []) => queryAsService<T>(pool, query, values);

let instances: PlatformProcess[] = [];
let session: ApiSession;

beforeAll(async () => {
  pool = new Pool({ connectionString: database.url, max: 2 });
  pool.on("error", () => undefined);
  const env = { CHECKSTACK_ADMIN_EMAIL: ADMIN.email, CHECKSTACK_ADMIN_PASSWORD: ADMIN.password };
  instances = await Promise.all([0, 1, 2].map(() => platforms.start({ databaseUrl: database.url, secretKey, env })));
  await Promise.all(instances.map((instance) => instance.waitForReady(BOOT_BOUND_MS)));
  session = await signIn(instances[2]!, ADMIN.email, ADMIN.password);
  const channel = await session.call<{ id: string }>("notification", "createChannel", {
    name: "ops webhook",
    kind: "webhook",
    config: { url: receiver.url("/ops"), secret: `whsec_${key.toString("base64")}` },
  });
  const systemIds: string[] = [];
  for (let n = 0; n < SYSTEMS; n++) {
    const system = await session.call<{ id: string }>("catalog", "createSystem", { name: `svc-${String(n).padStart(2, "0")}` });
    await session.call("healthcheck", "setSystemThresholds", { systemId: system.id, thresholds: { degradedAfter: 1, unhealthyAfter: 1 } });
    systemIds.push(system.id);
  }
  await session.call("notification", "createRule", { name: "all services", selection: { systemIds }, channelIds: [channel.id], groupingSeconds: 0 });
  for (const [n, systemId] of systemIds.entries()) {
    await session.call("healthcheck", "createCheck", {
      name: `svc-${n} http`,
      strategyId: "http",
      config: { url: `http://127.0.0.1:${target.port}/s/${n}` },
      intervalSeconds: 1,
      timeoutMs: 500,
      systemIds: [systemId],
    });
  }
}, BOOT_BOUND_MS + 60_000);

const count = async (query: string) => (await asService<{ n: number }>(query))[0]?.n ?? 0;

describe("alerting across three instances with kill -9", () => {
  test("every transition delivered, 0 lost, 0 duplicate message ids", async () => {
    await waitFor(async () => (await count("SELECT count(*)::int AS n FROM plugin_healthcheck.system_status WHERE status = 'healthy'")) === SYSTEMS, {
      timeoutMs: 60_000,
      description: "all systems healthy",
    });

    // Failures: kill instance 0 while the status changes are being turned into alerts.
    failing = true;
    await waitFor(async () => (await count("SELECT count(*)::int AS n FROM plugin_notification.alerts")) > 0, { timeoutMs: 60_000, intervalMs: 10, description: "the first alert" });
    await instances[0]!.kill9();
    const firingIds = () => new Set(receiver.on("/ops").filter((entry) => entry.body.kind === "firing").map((entry) => entry.id));
    await waitFor(() => firingIds().size >= SYSTEMS, { timeoutMs: 150_000, intervalMs: 200, description: `${SYSTEMS} firing messages` });

    // Recovery, answered slowly: kill instance 1 while deliveries are in flight.
    let inFlight = 0;
    let inFlightAtKill = 0;
    receiver.script("/ops", [
      async () => {
        inFlight++;
        await Bun.sleep(1500);
        inFlight--;
        return new Response(null, { status: 204 });
      },
    ]);
    failing = false;
    const recoveredIds = () => new Set(receiver.on("/ops").filter((entry) => entry.body.kind === "recovered").map((entry) => entry.id));
    await waitFor(() => inFlight >= 3, { timeoutMs: 60_000, intervalMs: 10, description: "recovery deliveries in flight" });
    inFlightAtKill = inFlight;
    await instances[1]!.kill9();
    await waitFor(() => recoveredIds().size >= SYSTEMS, { timeoutMs: 150_000, intervalMs: 200, description: `${SYSTEMS} recovery messages` });
    await waitFor(async () => (await count("SELECT count(*)::int AS n FROM plugin_notification.messages WHERE state <> 'delivered'")) === 0, {
      timeoutMs: 60_000,
      description: "every message delivered",
    });

    const alerts = await asService<{ id: string; state: string }>("SELECT id::text AS id, state FROM plugin_notification.alerts");
    const received = receiver.on("/ops");
    const idsPer = new Map<string, Set<string>>();
    for (const entry of received) {
      const key = `${entry.body.alertKey}:${entry.body.kind}`;
      idsPer.set(key, (idsPer.get(key) ?? new Set()).add(entry.id));
    }
    const episodes = await count(
      "SELECT count(*)::int AS n FROM checkstack.audit_log WHERE table_name = 'system_status' AND new_row->>'status' = 'unhealthy' AND old_row->>'status' IS DISTINCT FROM 'unhealthy'",
    );
    const lost = alerts.filter((alert) => !idsPer.has(`${alert.id}:firing`) || !idsPer.has(`${alert.id}:recovered`)).length;
    const duplicateIds = [...idsPer.values()].filter((ids) => ids.size > 1).length;
    const resends = received.length - new Set(received.map((entry) => entry.id)).size;
    console.info(
      `alerting cluster: ${episodes} unhealthy episodes, ${alerts.length} alerts, ${received.length} requests, ${new Set(received.map((entry) => entry.id)).size} distinct ids, lost ${lost}, duplicate ids ${duplicateIds}, same-id resends ${resends}, deliveries in flight at the second kill ${inFlightAtKill}`,
    );
    expect(received.every((entry) => entry.verified)).toBe(true);
    expect(alerts).toHaveLength(episodes);
    expect(alerts.every((alert) => alert.state === "resolved")).toBe(true);
    expect(lost).toBe(0);
    expect(duplicateIds).toBe(0);
    expect(inFlightAtKill).toBeGreaterThanOrEqual(3);
  }, 480_000);
});
