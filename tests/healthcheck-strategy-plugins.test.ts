import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CatalogApi } from "@checkstack/catalog-common";
import { HealthcheckApi } from "@checkstack/healthcheck-common";
import type { Principal } from "@checkstack/backend-api";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { useInProcessPlatform } from "./support/in-process-platform";
import { waitFor } from "./support/poll";

/**
 * The strategy plugins of issue 19 (websocket, mysql, redis, domain-expiry,
 * browser) on a normal boot: discovered from plugins/ like the five before
 * them, listed by healthcheck/listStrategies, and a browser check's failure
 * screenshot stored with its run.
 */
const running = useInProcessPlatform();
const admin: Principal = { type: "user", id: "strategies-admin", roles: ["admin"] };
const as = <T>(principal: Principal, work: () => Promise<T>) => runInDbScope(running.platform.pool, { principal }, work);
const healthcheck = () => running.platform.clientFor("test").forPlugin(HealthcheckApi, { actAs: "caller" });
const catalog = () => running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" });

const site = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch: () => new Response("<!doctype html><title>Shop</title><h1>Closed for maintenance</h1><input id=q>", { headers: { "content-type": "text/html" } }),
});
afterAll(() => site.stop(true));

beforeAll(async () => {
  await running.platform.pool.query("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'strategies-admin', 'admin')");
}, 30_000);

async function storedRows<T>(sql: string, params: unknown[]): Promise<T[]> {
  // As a service: row security would hide the rows from a caller without a principal.
  return as({ type: "service", pluginId: "test" }, async () => {
    const client = await currentDbScope()!.client();
    return (await client.query(sql, params)).rows as T[];
  });
}

describe("strategy plugins of issue 19", () => {
  test("healthcheck/listStrategies returns the new ids besides the five that existed", async () => {
    const strategies = await as(admin, () => healthcheck().listStrategies());
    const ids = strategies.map((strategy) => strategy.id);
    expect(ids).toEqual(expect.arrayContaining(["http", "tcp", "dns", "tls", "postgres", "websocket", "mysql", "redis", "domain-expiry", "browser"]));
    for (const strategy of strategies) expect(strategy.displayName.length).toBeGreaterThan(0);
  });

  test("the secrets of the websocket, mysql and redis configs are encrypted at rest and redacted when read back", async () => {
    const system = await as(admin, () => catalog().createSystem({ name: "Backends", description: "data stores" }));
    const configs = [
      { strategyId: "websocket", config: { url: "ws://127.0.0.1:1/feed", headers: { authorization: "Bearer ws-s3cret" } }, secretAt: ["headers", "authorization"] },
      { strategyId: "mysql", config: { host: "127.0.0.1", user: "app", password: "mysql-s3cret" }, secretAt: ["password"] },
      { strategyId: "mysql", config: { connectionString: "mysql://app:conn-s3cret@127.0.0.1/app" }, secretAt: ["connectionString"] },
      { strategyId: "redis", config: { host: "127.0.0.1", password: "redis-s3cret" }, secretAt: ["password"] },
    ];
    for (const { strategyId, config, secretAt } of configs) {
      const check = await as(admin, () =>
        healthcheck().createCheck({ name: `${strategyId} check`, strategyId, config, intervalSeconds: 300, timeoutMs: 1_000, enabled: false, systemIds: [system.id] }),
      );
      const [stored] = await storedRows<{ config: string }>("SELECT config::text AS config FROM plugin_healthcheck.checks WHERE id = $1", [check.id]);
      expect(stored?.config).toContain("$secret");
      expect(stored?.config).not.toContain("s3cret");
      const read = await as(admin, () => healthcheck().getCheck({ checkId: check.id }));
      const redacted = secretAt.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], read.config);
      expect({ strategyId, redacted }).toEqual({ strategyId, redacted: "********" });
    }
  });

  test("a failing browser check stores its step timeline and a PNG screenshot with the run; its secret fill value is sealed", async () => {
    const system = await as(admin, () => catalog().createSystem({ name: "Shop", description: "web shop" }));
    const check = await as(admin, () =>
      healthcheck().createCheck({
        name: "shop journey",
        strategyId: "browser",
        config: {
          steps: [
            { action: "goto", url: `http://127.0.0.1:${site.port}/` },
            { action: "fill", selector: "#q", secret: "token" },
            { action: "expectText", text: "Welcome", timeoutMs: 1_000 },
          ],
          secrets: { token: "hunter2" },
        },
        intervalSeconds: 300,
        timeoutMs: 90_000,
        systemIds: [system.id],
      }),
    );
    const [stored] = await storedRows<{ config: string }>("SELECT config::text AS config FROM plugin_healthcheck.checks WHERE id = $1", [check.id]);
    expect(stored?.config).toContain("$secret");
    expect(stored?.config).not.toContain("hunter2");
    const read = await as(admin, () => healthcheck().getCheck({ checkId: check.id }));
    const readConfig = read.config as { steps: Array<Record<string, unknown>>; secrets: Record<string, string> };
    expect(readConfig.secrets).toEqual({ token: "********" });
    expect(readConfig.steps[1]).toEqual({ action: "fill", selector: "#q", secret: "token" });

    type RunRow = { healthy: boolean; message: string; steps: Array<{ ok: boolean }>; screenshot: string | null };
    const run = await waitFor(
      async () =>
        (
          await storedRows<RunRow>(
            "SELECT healthy, message, metadata->'steps' AS steps, metadata->>'screenshot' AS screenshot FROM plugin_healthcheck.runs WHERE check_id = $1",
            [check.id],
          )
        )[0],
      { timeoutMs: 110_000, intervalMs: 250, description: "the browser check's first run" },
    );
    expect(run.healthy).toBe(false);
    expect(run.message).toBe('step 3 (expectText "Welcome") failed: text "Welcome" not found in body within 1000 ms');
    expect(run.steps.map((step) => step.ok)).toEqual([true, true, false]);
    expect(run.screenshot).toStartWith("data:image/png;base64,");
    const png = Buffer.from(String(run.screenshot).slice("data:image/png;base64,".length), "base64");
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  }, 120_000);
});
