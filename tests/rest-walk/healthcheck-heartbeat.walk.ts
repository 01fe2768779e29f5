import { madeId, rememberId, type PluginWalk } from "./walk-types";

export const healthcheckHeartbeatWalk: PluginWalk = {
  steps: [
    {
      call: (c) => ({
        operationId: "healthcheck.createCheck",
        path: {},
        body: {
          name: "walk heartbeat",
          strategyId: "heartbeat",
          config: { periodSeconds: 86_400, graceSeconds: 60 },
          intervalSeconds: 60,
          timeoutMs: 2000,
          systemIds: [madeId(c, "systemId")],
        },
      }),
      after: rememberId("heartbeatCheckId"),
    },
    {
      call: (c) => ({ operationId: "healthcheck-heartbeat.regeneratePingUrl", path: {}, body: { checkId: madeId(c, "heartbeatCheckId") } }),
      // The job's ping (plain HTTP, no credentials: the token is the secret), so getHeartbeat has something to tell.
      after: async (body, context) => {
        const ping = await context.rest("POST", (body as { path: string }).path, { auth: "none" });
        if (ping.status !== 200) throw new Error(`the ping URL answered ${ping.status}: ${JSON.stringify(ping.body)}`);
      },
    },
    {
      call: (c) => ({ operationId: "healthcheck-heartbeat.getHeartbeat", path: {}, body: { checkId: madeId(c, "heartbeatCheckId") } }),
      after: (body) => {
        const state = body as { hasPingUrl: boolean; lastPingKind: string | null };
        if (!state.hasPingUrl || state.lastPingKind !== "success") throw new Error(`the heartbeat did not record the ping: ${JSON.stringify(body)}`);
      },
    },
  ],
  cleanup: [{ call: (c) => ({ operationId: "healthcheck.deleteCheck", path: { checkId: madeId(c, "heartbeatCheckId") } }) }],
};
