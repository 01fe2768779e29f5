import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import type { Principal } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";
import { healthcheckHooks, type SystemTransition } from "@checkstack/healthcheck-common";
import { NotificationApi } from "@checkstack/notification-common";
import { runInDbScope } from "../server/src/database/db-scope";
import { startWebhookReceiver } from "./alerting-support/receiver";
import { grantAdminRole, httpAppOf, useInProcessPlatform } from "./support/in-process-platform";
import { waitFor } from "./support/poll";

// The signed acknowledge link in alert messages, through the platform's HTTP app on real Postgres.
const running = useInProcessPlatform();
const admin: Principal = { type: "user", id: "ack-admin", roles: ["admin"] };
const key = randomBytes(32);
const receiver = startWebhookReceiver(key);
afterAll(() => receiver.stop());
const PUBLIC_URL = "https://status.example.com";

const asAdmin = <T>(work: () => Promise<T>) => runInDbScope(running.platform.pool, { principal: admin }, work);
const notification = () => running.platform.clientFor("test").forPlugin(NotificationApi, { actAs: "caller" });
const catalog = () => running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" });
let app: ReturnType<typeof httpAppOf>;
/** Opens a link as a browser would, through the platform's HTTP app. */
const open = (link: string) => app.handle(new Request(link.replace(PUBLIC_URL, "http://localhost")));

beforeAll(async () => {
  app = httpAppOf(running.platform);
  await grantAdminRole(running.platform, "ack-admin");
  // Links are made only with a public URL to put in front of them.
  await running.platform.pool.query("INSERT INTO checkstack.plugin_configs (plugin_id, key, version, value) VALUES ('notification', 'alerting', 1, $1)", [
    JSON.stringify({ publicUrl: PUBLIC_URL }),
  ]);
}, 30_000);

describe("acknowledge link", () => {
  test("the firing message links to an acknowledgement; a forged token changes nothing", async () => {
    const systemId = (await asAdmin(() => catalog().createSystem({ name: "ack-system" }))).id;
    const channel = await asAdmin(() =>
      notification().createChannel({ name: "ack", kind: "webhook", config: { url: receiver.url("/ack"), secret: `whsec_${key.toString("base64")}` } }),
    );
    await asAdmin(() => notification().createRule({ name: "ack", selection: { systemIds: [systemId] }, channelIds: [channel.id], groupingSeconds: 0 }));
    const transition: SystemTransition = { systemId, previous: "healthy", status: "unhealthy", at: new Date().toISOString() };
    await running.platform.hooks.emit(healthcheckHooks.systemUnhealthy, transition);

    const [firing] = await waitFor(() => (receiver.on("/ack").length >= 1 ? receiver.on("/ack") : null), { timeoutMs: 20_000, description: "the firing message" });
    const link = /Acknowledge: (\S+)/.exec(firing?.body.text ?? "")?.[1];
    expect(link).toStartWith(`${PUBLIC_URL}/alerting/ack/${firing?.body.alertKey}.`);
    if (!link) throw new Error("no acknowledge link in the message");

    // One character of the signature changed: refused, and the alert stays unacknowledged.
    const last = link.at(-2) === "A" ? "B" : "A";
    const forged = await open(`${link.slice(0, -2)}${last}${link.at(-1)}`);
    expect(forged.status).toBe(403);
    const alertId = firing?.body.alertKey ?? "";
    expect((await asAdmin(() => notification().getAlert({ alertId }))).acknowledgedAt).toBeNull();
    expect((await open(`${PUBLIC_URL}/alerting/ack/not-a-token`)).status).toBe(403);

    const answer = await open(link);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("Alert acknowledged");
    const alert = await asAdmin(() => notification().getAlert({ alertId }));
    expect(alert.acknowledgedAt).not.toBeNull();
    expect(alert.timeline.map((entry) => entry.event)).toContain("acknowledged");
    // Opening it again is harmless.
    expect((await open(link)).status).toBe(200);
  }, 60_000);
});
