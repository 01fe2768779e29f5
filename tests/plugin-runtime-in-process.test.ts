import { beforeAll, describe, expect, test } from "bun:test";
import { coreHooks } from "@checkstack/backend-api";
import { probeLog, probeResults } from "./fixtures/plugins/probe-log";
import { rolesOfConnection } from "../server/src/database/deployment-roles";
import { callOverHttp, fixturePlugin as fixture, useInProcessPlatform } from "./support/in-process-platform";

const running = useInProcessPlatform();
const rpc = (pluginId: string, procedure: string, input: unknown, requestId?: string) =>
  callOverHttp(running.platform, pluginId, procedure, input, requestId ? { "x-request-id": requestId } : {});

describe("loading plugins into a running platform (the runtime install path)", () => {
  test("phases run in order; rpcClient calls other plugins in-process, typed, as the calling plugin", async () => {
    const report = await running.platform.runtime.load([fixture("lifecycle-probe")]);
    expect(report).toEqual({ ready: ["lifecycle-probe"], failed: [] });
    expect(probeLog).toEqual(["init", "afterPluginsReady"]);
    expect(probeResults.get("count")).toBe(0);
    expect(probeResults.get("getItems")).toBe("allowed");
    expect(probeResults.get("countAsCaller")).toBe("UNAUTHORIZED");
  });

  test("unloading runs the cleanup handlers last-registered first", async () => {
    await running.platform.runtime.unload("lifecycle-probe", "test");
    expect(probeLog.slice(2)).toEqual(["cleanup 3", "cleanup 2", "cleanup 1"]);
    expect(running.platform.runtime.isLoaded("lifecycle-probe")).toBe(false);
  });

  test("an extension point's owner reads what other plugins registered; nobody else may", async () => {
    const report = await running.platform.runtime.load([fixture("ext-owner"), fixture("ext-contributor"), fixture("ext-intruder")]);
    expect(report.ready.sort()).toEqual(["ext-contributor", "ext-owner"]);
    expect(report.failed).toEqual([
      { pluginId: "ext-intruder", error: expect.stringContaining('extension point "test.greeters" belongs to "ext-owner"') },
    ]);
    expect(probeResults.get("greetings")).toEqual(["ext-contributor:hello ops"]);
    await running.platform.runtime.unload("ext-contributor", "test");
    expect(probeResults.get("greetings-after-change")).toBe(0);
  });
});

describe("requests run in one transaction as the application role", () => {
  beforeAll(async () => {
    const report = await running.platform.runtime.load([fixture("scope-probe")]);
    expect(report.failed).toEqual([]);
  });

  test("the role is the deployment's application role and the principal and request id are transaction-local settings", async () => {
    const { status, body } = await rpc("scope-probe", "whoami", undefined, "req-123");
    expect(status).toBe(200);
    const { app } = await rolesOfConnection(running.platform.pool);
    // The request id is the platform's own (a uuid), never the client's x-request-id.
    expect(body.json).toEqual({ role: app, principal: JSON.stringify({ type: "anonymous" }), requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  test("a handler that fails after writing leaves nothing behind", async () => {
    const { status } = await rpc("scope-probe", "addThenFail", { body: "ghost" });
    expect(status).toBe(500);
    expect((await rpc("scope-probe", "bodies", undefined)).body.json).not.toContain("ghost");
  });

  test("db.transaction() inside a request is a savepoint: its rollback keeps the request's other writes", async () => {
    expect((await rpc("scope-probe", "nested", { keep: "kept", drop: "dropped" })).status).toBe(200);
    const bodies = (await rpc("scope-probe", "bodies", undefined)).body.json;
    expect(bodies).toContain("kept");
    expect(bodies).not.toContain("dropped");
  });

  test("no setting of one request leaks into the next use of a pooled connection", async () => {
    for (let i = 0; i < 6; i++) await rpc("scope-probe", "whoami", undefined, `leak-${i}`);
    for (let i = 0; i < 4; i++) {
      const result = await running.platform.pool.query<{ principal: string | null; request_id: string | null; role: string }>(
        "SELECT current_setting('checkstack.principal', true) AS principal, current_setting('checkstack.request_id', true) AS request_id, current_user AS role",
      );
      const row = result.rows[0]!;
      expect(row.principal ?? "").toBe("");
      expect(row.request_id ?? "").toBe("");
      expect(row.role).not.toBe((await rolesOfConnection(running.platform.pool)).app);
    }
  });
});

describe("core hooks are emitted at their moments", () => {
  test("pluginInitialized, accessRulesRegistered and configUpdated (with the secret redacted)", async () => {
    const heard: Array<{ hook: string; payload: unknown }> = [];
    const record = (hook: string) => (payload: unknown) => void heard.push({ hook, payload });
    const { hooks } = running.platform;
    hooks.subscribe("test", coreHooks.pluginInitialized, record("pluginInitialized"));
    hooks.subscribe("test", coreHooks.accessRulesRegistered, record("accessRulesRegistered"));
    hooks.subscribe("test", coreHooks.configUpdated, record("configUpdated"));
    await hooks.settle();
    expect((await running.platform.runtime.load([fixture("config-probe")])).failed).toEqual([]);
    const deadline = Date.now() + 5_000;
    while (heard.length < 3 && Date.now() < deadline) await Bun.sleep(50);
    expect(heard).toContainEqual({ hook: "pluginInitialized", payload: { pluginId: "config-probe" } });
    expect(heard).toContainEqual({
      hook: "accessRulesRegistered",
      payload: { pluginId: "config-probe", accessRules: [{ id: "config-probe.probe.read", description: "Read probes" }] },
    });
    expect(heard).toContainEqual({
      hook: "configUpdated",
      payload: { pluginId: "config-probe", key: "webhook", value: { url: "https://hooks.example.test", token: "********" } },
    });
  });
});
