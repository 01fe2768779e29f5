import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CatalogApi } from "@checkstack/catalog-common";
import { HealthcheckApi, healthcheckHooks } from "@checkstack/healthcheck-common";
import type { Principal } from "@checkstack/backend-api";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { useInProcessPlatform } from "./support/in-process-platform";
import { waitUntil } from "./support/poll";

const running = useInProcessPlatform();
const admin: Principal = { type: "user", id: "hc-admin", roles: ["admin"] };
const anonymous: Principal = { type: "anonymous" };
let mode: "ok" | "fail" | "slow" = "ok";
let abortedRequests = 0;
const target = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch: async (request) => {
    if (request.headers.get("authorization") !== "Bearer s3cret") return new Response("who are you", { status: 401 });
    if (mode === "slow") {
      request.signal.addEventListener("abort", () => abortedRequests++);
      await Bun.sleep(3_000);
    }
    return mode === "fail" ? new Response("down", { status: 500 }) : Response.json({ status: "ok" });
  },
});
afterAll(() => target.stop(true));

const as = <T>(principal: Principal, work: () => Promise<T>) => runInDbScope(running.platform.pool, { principal }, work);
const healthcheck = () => running.platform.clientFor("test").forPlugin(HealthcheckApi, { actAs: "caller" });
const catalog = () => running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" });

let systemId = "";
let checkId = "";
const unhealthyEvents: string[] = [];

beforeAll(async () => {
  await running.platform.pool.query("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'hc-admin', 'admin')");
  running.platform.hooks.subscribe("test", healthcheckHooks.systemUnhealthy, ({ systemId: id }) => void unhealthyEvents.push(id));
  await running.platform.hooks.settle();
  const system = await as(admin, () => catalog().createSystem({ name: "Payments API", description: "takes the money" }));
  systemId = system.id;
  await as(admin, () => healthcheck().setSystemThresholds({ systemId, thresholds: { degradedAfter: 1, unhealthyAfter: 2 } }));
  const check = await as(admin, () =>
    healthcheck().createCheck({
      name: "payments http",
      strategyId: "http",
      config: { url: `http://127.0.0.1:${target.port}/health`, secretHeaders: { authorization: "Bearer s3cret" } },
      intervalSeconds: 1,
      timeoutMs: 500,
      systemIds: [systemId],
      assertions: [{ type: "jsonPath", path: "$.status", equals: "ok" }],
    }),
  );
  checkId = check.id;
}, 30_000);

const status = () => as(admin, () => healthcheck().getSystemStatus({ systemId }));

describe("a system with an HTTP check, end to end", () => {
  test("secret config fields are encrypted at rest and redacted when read back", async () => {
    // Read as a service: with no principal at all, row security hides the row even from the owner.
    const stored = await as({ type: "service", pluginId: "test" }, async () => {
      const client = await currentDbScope()!.client();
      return client.query("SELECT config::text AS config FROM plugin_healthcheck.checks WHERE id = $1", [checkId]);
    });
    expect(stored.rows[0].config).toContain("$secret");
    expect(stored.rows[0].config).not.toContain("s3cret");
    const read = await as(admin, () => healthcheck().getCheck({ checkId }));
    expect((read.config as { secretHeaders: Record<string, string> }).secretHeaders.authorization).toBe("********");
  });

  test("turns healthy, then unhealthy when the server fails, with one transition event and one audited update", async () => {
    await waitUntil(status, (value) => value.status === "healthy", 10_000);
    mode = "fail";
    await waitUntil(status, (value) => value.status === "unhealthy", 10_000);
    await Bun.sleep(2_500); // more failing runs must not announce the same transition again
    expect(unhealthyEvents.filter((id) => id === systemId)).toHaveLength(1);
    const audited = await running.platform.pool.query(
      "SELECT new_row->>'status' AS status FROM checkstack.audit_log WHERE table_name = 'system_status' AND operation = 'UPDATE' AND new_row->>'system_id' = $1 ORDER BY id",
      [systemId],
    );
    expect(audited.rows.map((row) => row.status)).toEqual(["healthy", "degraded", "unhealthy"]);
    mode = "ok";
    await waitUntil(status, (value) => value.status === "healthy", 10_000);
  }, 40_000);

  test("history, hourly aggregates and availability come from the stored runs", async () => {
    const range = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) };
    const history = await as(admin, () => healthcheck().getSystemHistory({ systemId, ...range, limit: 1000 }));
    expect(history.length).toBeGreaterThan(3);
    expect(history.some((run) => !run.healthy)).toBe(true);
    const { refreshRollups } = await import("../plugins/healthcheck-backend/src/results/maintenance");
    const { createPluginDatabase } = await import("../server/src/database/plugin-database");
    const schema = await import("../plugins/healthcheck-backend/src/schema");
    await refreshRollups(createPluginDatabase(running.platform.pool, { pluginId: "healthcheck", schemaName: "plugin_healthcheck" }, schema));
    const buckets = await as(admin, () => healthcheck().getSystemAggregates({ systemId, ...range, granularity: "hourly" }));
    expect(buckets[0]?.count).toBeGreaterThanOrEqual(history.length);
    expect(buckets[0]?.failures).toBeGreaterThan(0);
    const [availability] = await as(admin, () => healthcheck().getAvailability({ systemIds: [systemId] }));
    expect(availability?.last24h).toBeGreaterThan(0);
    expect(availability?.last24h).toBeLessThan(1);
  }, 20_000);

  test("a timeout aborts the request itself, not just the wait", async () => {
    mode = "slow";
    await waitUntil(status, (value) => value.checks[0]?.lastMessage?.includes("timed out") === true, 10_000);
    expect(abortedRequests).toBeGreaterThan(0);
    mode = "ok";
  }, 20_000);

  test("nothing is public by default; once an admin publishes the systems, anonymous callers get their status", async () => {
    expect((await as(anonymous, () => healthcheck().getPublicStatus())).systems).toEqual([]);
    expect(await as(anonymous, () => healthcheck().getSystemStatus({ systemId }))).toMatchObject({ status: "unknown", checks: [] });
    await running.platform.pool.query("INSERT INTO checkstack.role_rules (role_id, rule_id) VALUES ('anonymous', 'catalog.system.read')");
    try {
      const page = await as(anonymous, () => healthcheck().getPublicStatus());
      const entry = page.systems.find((system) => system.systemId === systemId);
      expect(entry).toMatchObject({ name: "Payments API" });
      expect(["healthy", "degraded", "unhealthy"]).toContain(entry!.status);
    } finally {
      await running.platform.pool.query("DELETE FROM checkstack.role_rules WHERE role_id = 'anonymous' AND rule_id = 'catalog.system.read'");
    }
  });

  test("bad input is a typed 400, not a crash", async () => {
    const attempt = (input: Parameters<ReturnType<typeof healthcheck>["createCheck"]>[0]) =>
      as(admin, () => healthcheck().createCheck(input)).then(() => "created", (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`);
    expect(await attempt({ name: "x", strategyId: "nope", config: {}, intervalSeconds: 10, timeoutMs: 500, systemIds: [systemId] })).toContain('BAD_REQUEST: strategyId: unknown strategy "nope"');
    expect(await attempt({ name: "x", strategyId: "http", config: { url: "ftp://x" }, intervalSeconds: 10, timeoutMs: 500, systemIds: [systemId] })).toContain("BAD_REQUEST: Invalid http config: config.url: ");
    expect(await attempt({ name: "x", strategyId: "http", config: {}, intervalSeconds: 1, timeoutMs: 5000, systemIds: [systemId] })).toContain("timeoutMs");
  });
});
