import { randomBytes } from "node:crypto";
import { madeId, rememberId, type PluginWalk, type WalkContext } from "./walk-types";

/** A Standard Webhooks signing key, as the webhook channel kind requires. */
const secret = `whsec_${randomBytes(32).toString("base64")}`;

type Alerts = { alerts: Array<{ id: string; state: string }> };
type Messages = { messages: Array<{ id: string; state: string }> };

/**
 * The walk database's failing check opens an alert under the rule; the rule sends it to both channels:
 * one delivers, the other's receiver refuses (400, final) so the message is "failed" for retryDelivery.
 */
async function alertDelivered(_body: unknown, context: WalkContext): Promise<void> {
  const systemId = madeId(context, "upstreamSystemId");
  const alerts = await context.waitFor(
    () => context.rest("POST", "/api/v1/notification/listAlerts", { body: { state: "open", systemId }, auth: "cookie" }),
    (answer) => (answer.body as Alerts | undefined)?.alerts?.length === 1,
  );
  const alert = (alerts.body as Alerts | undefined)?.alerts?.[0];
  if (!alert) throw new Error(`no alert opened for the failing walk database: ${JSON.stringify(alerts.body)}`);
  context.made["alertId"] = alert.id;
  const channelId = madeId(context, "refusedChannelId");
  const failed = await context.waitFor(
    () => context.rest("POST", "/api/v1/notification/listMessages", { body: { channelId, state: "failed" }, auth: "cookie" }),
    (answer) => ((answer.body as Messages | undefined)?.messages?.length ?? 0) > 0,
  );
  const message = (failed.body as Messages | undefined)?.messages?.[0];
  if (!message) throw new Error(`the refusing channel has no failed message: ${JSON.stringify(failed.body)}`);
  context.made["failedMessageId"] = message.id;
}

/** Cookie-signed POSTs must say Content-Type: application/json, so procedures without input get an empty object. */
export const notificationWalk: PluginWalk = {
  steps: [
    { call: () => ({ operationId: "notification.listChannelKinds", path: {}, body: {} }) },
    {
      call: (c) => ({ operationId: "notification.createChannel", path: {}, body: { name: "walk webhook", kind: "webhook", config: { url: c.webhookUrl("/ok"), secret } } }),
      after: rememberId("channelId"),
    },
    {
      call: (c) => ({
        operationId: "notification.createChannel",
        path: {},
        body: { name: "walk refused webhook", kind: "webhook", config: { url: c.webhookUrl("/refuse"), secret } },
      }),
      after: rememberId("refusedChannelId"),
    },
    { call: () => ({ operationId: "notification.listChannels", path: {}, body: {} }) },
    { call: (c) => ({ operationId: "notification.getChannel", path: {}, body: { channelId: madeId(c, "channelId") } }) },
    { call: (c) => ({ operationId: "notification.updateChannel", path: {}, body: { channelId: madeId(c, "channelId"), name: "walk webhook 2" } }) },
    {
      call: (c) => ({ operationId: "notification.sendTest", path: {}, body: { channelId: madeId(c, "channelId") } }),
      after: (body) => {
        if ((body as { ok: boolean }).ok !== true) throw new Error(`the test message did not reach the receiver: ${JSON.stringify(body)}`);
      },
    },
    {
      call: (c) => ({
        operationId: "notification.createRule",
        path: {},
        body: {
          name: "walk rule",
          selection: { systemIds: [madeId(c, "upstreamSystemId")] },
          channelIds: [madeId(c, "channelId"), madeId(c, "refusedChannelId")],
          // No grouping window: the alert's message is sent at once.
          groupingSeconds: 0,
        },
      }),
      after: rememberId("ruleId"),
    },
    { call: () => ({ operationId: "notification.listRules", path: {}, body: {} }) },
    { call: (c) => ({ operationId: "notification.getRule", path: {}, body: { ruleId: madeId(c, "ruleId") } }) },
    { call: (c) => ({ operationId: "notification.updateRule", path: {}, body: { ruleId: madeId(c, "ruleId"), name: "walk rule 2" } }) },
    // One failed run makes the walk database unhealthy.
    {
      call: (c) => ({
        operationId: "healthcheck.setSystemThresholds",
        path: { systemId: madeId(c, "upstreamSystemId") },
        body: { thresholds: { degradedAfter: 1, unhealthyAfter: 1 } },
      }),
    },
    {
      call: (c) => ({
        operationId: "healthcheck.createCheck",
        path: {},
        body: {
          name: "walk database down",
          strategyId: madeId(c, "tcpStrategy"),
          config: { host: "127.0.0.1", port: c.closedPort },
          intervalSeconds: 1,
          timeoutMs: 500,
          systemIds: [madeId(c, "upstreamSystemId")],
        },
      }),
      after: async (body, context) => {
        rememberId("downCheckId")!(body, context);
        await alertDelivered(body, context);
      },
    },
    { call: (c) => ({ operationId: "notification.listAlerts", path: {}, body: { state: "all", systemId: madeId(c, "upstreamSystemId") } }) },
    { call: (c) => ({ operationId: "notification.getAlert", path: {}, body: { alertId: madeId(c, "alertId") } }) },
    {
      call: (c) => ({ operationId: "notification.acknowledgeAlert", path: {}, body: { alertId: madeId(c, "alertId") } }),
      after: (body) => {
        if ((body as { acknowledgedAt: unknown }).acknowledgedAt === null) throw new Error(`the alert was not acknowledged: ${JSON.stringify(body)}`);
      },
    },
    { call: (c) => ({ operationId: "notification.listDeliveries", path: {}, body: { channelId: madeId(c, "refusedChannelId") } }) },
    { call: (c) => ({ operationId: "notification.listMessages", path: {}, body: { channelId: madeId(c, "refusedChannelId") } }) },
    {
      call: (c) => ({ operationId: "notification.retryDelivery", path: {}, body: { messageId: madeId(c, "failedMessageId") } }),
      after: (body) => {
        if ((body as { changed: boolean }).changed !== true) throw new Error(`the failed message was not retried: ${JSON.stringify(body)}`);
      },
    },
    {
      call: (c) => ({
        operationId: "notification.createSilence",
        path: {},
        body: { targetType: "system", targetId: madeId(c, "upstreamSystemId"), until: new Date(Date.now() + 3_600_000).toISOString(), reason: "walked" },
      }),
      after: rememberId("silenceId"),
    },
    { call: () => ({ operationId: "notification.listSilences", path: {}, body: {} }) },
    { call: (c) => ({ operationId: "notification.endSilence", path: {}, body: { silenceId: madeId(c, "silenceId") } }) },
  ],
  cleanup: [
    { call: (c) => ({ operationId: "healthcheck.deleteCheck", path: { checkId: madeId(c, "downCheckId") } }) },
    { call: (c) => ({ operationId: "notification.deleteRule", path: {}, body: { ruleId: madeId(c, "ruleId") } }) },
    { call: (c) => ({ operationId: "notification.deleteChannel", path: {}, body: { channelId: madeId(c, "channelId") } }) },
    { call: (c) => ({ operationId: "notification.deleteChannel", path: {}, body: { channelId: madeId(c, "refusedChannelId") } }) },
  ],
};
