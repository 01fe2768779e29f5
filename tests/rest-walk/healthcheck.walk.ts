import { madeId, rememberId, type PluginWalk } from "./walk-types";

export const healthcheckWalk: PluginWalk = {
  steps: [
    {
      call: () => ({ operationId: "healthcheck.listStrategies", path: {} }),
      after: (body, context) => {
        context.made["tcpStrategy"] = (body as Array<{ id: string }>).find((strategy) => strategy.id.includes("tcp"))?.id ?? "";
      },
    },
    {
      call: (c) => ({
        operationId: "healthcheck.createCheck",
        path: {},
        body: {
          name: "walk check",
          strategyId: madeId(c, "tcpStrategy"),
          config: { host: "127.0.0.1", port: c.tcpPort },
          intervalSeconds: 60,
          timeoutMs: 2000,
          systemIds: [madeId(c, "systemId")],
        },
      }),
      after: rememberId("checkId"),
    },
    { call: (c) => ({ operationId: "healthcheck.listChecks", path: {}, query: { systemId: madeId(c, "systemId") } }) },
    { call: (c) => ({ operationId: "healthcheck.getCheck", path: { checkId: madeId(c, "checkId") } }) },
    { call: (c) => ({ operationId: "healthcheck.updateCheck", path: { checkId: madeId(c, "checkId") }, body: { name: "walk check 2" } }) },
    { call: (c) => ({ operationId: "healthcheck.getSystemStatus", path: { systemId: madeId(c, "systemId") } }) },
    { call: (c) => ({ operationId: "healthcheck.getSystemStatuses", path: {}, body: { systemIds: [madeId(c, "systemId")] } }) },
    { call: (c) => ({ operationId: "healthcheck.listSystemRuns", path: { systemId: madeId(c, "systemId") }, query: { ...c.day, limit: "50" } }) },
    { call: (c) => ({ operationId: "healthcheck.getSystemHistory", path: { systemId: madeId(c, "systemId") }, query: c.day }) },
    { call: (c) => ({ operationId: "healthcheck.getSystemAggregates", path: { systemId: madeId(c, "systemId") }, query: { ...c.day, granularity: "hourly" } }) },
    { call: (c) => ({ operationId: "healthcheck.getAvailability", path: {}, body: { systemIds: [madeId(c, "systemId")] } }) },
    {
      call: (c) => ({
        operationId: "healthcheck.setSystemThresholds",
        path: { systemId: madeId(c, "systemId") },
        body: { thresholds: { degradedAfter: 1, unhealthyAfter: 2 } },
      }),
    },
    { call: () => ({ operationId: "healthcheck.getRetention", path: {} }) },
    { call: () => ({ operationId: "healthcheck.setRetention", path: {}, body: { rawDays: 7, hourlyDays: 90, dailyDays: 400 } }) },
    { call: () => ({ operationId: "healthcheck.getPublicStatus", path: {}, auth: "none" }) },
  ],
  cleanup: [{ call: (c) => ({ operationId: "healthcheck.deleteCheck", path: { checkId: madeId(c, "checkId") } }) }],
};
