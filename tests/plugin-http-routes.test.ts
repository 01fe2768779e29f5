import { beforeAll, describe, expect, test } from "bun:test";
import { createHttpApp } from "../server/src/http/http-app";
import { PluginRouteTable } from "../server/src/http/plugin-route-table";
import { createJsonLogger } from "../server/src/logging/json-logger";
import { fixturePlugin, useInProcessPlatform } from "./support/in-process-platform";

const running = useInProcessPlatform();
let app: ReturnType<typeof createHttpApp>;
const get = (path: string, init: RequestInit = {}) => app.handle(new Request(`http://localhost${path}`, init));

describe("plugins' plain HTTP routes (coreServices.http)", () => {
  beforeAll(async () => {
    app = createHttpApp({
      logger: createJsonLogger({ level: "silent" }),
      instanceId: "test",
      handleRpc: () => (request) => running.platform.rpc.handle(request),
      handlePluginRoute: () => running.platform.pluginRoutes,
      readiness: () => running.platform.readiness(),
    });
    const report = await running.platform.runtime.load([fixturePlugin("route-probe")]);
    expect(report.failed).toEqual([]);
  });

  test("a route answers with its parameters; a literal segment wins over a parameter; a wildcard takes the rest", async () => {
    const named = await get("/probe/caf%C3%A9");
    expect(named.status).toBe(200);
    expect(await named.text()).toBe("hello café");
    expect(named.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await (await get("/probe/fixed")).text()).toBe("literal wins");
    expect(await (await get("/probe/files/a/b.txt")).json()).toEqual({ rest: "a/b.txt" });
    expect((await get("/probe/files/a", { method: "HEAD" })).status).toBe(200);
  });

  test("a route under /api/v1 is served before the procedures, with the caller authenticated as procedures are", async () => {
    const anonymous = await get("/api/v1/route-probe/whoami");
    expect(await anonymous.json()).toEqual({ principal: "anonymous" });
    const badKey = await get("/api/v1/route-probe/whoami", { headers: { authorization: "Bearer ck_not-a-key" } });
    expect(badKey.status).toBe(401);
    // A cookie-authenticated write from another site is refused before the handler learns who calls.
    const forged = await get("/api/v1/route-probe/whoami", {
      method: "POST",
      headers: { cookie: "checkstack_session=x", origin: "https://evil.example", "content-type": "text/plain" },
      body: "x",
    });
    expect(forged.status).toBe(403);
  });

  test("domain errors become their 4xx, faults a 500 without details, other methods a 405, unknown paths a 404", async () => {
    const missing = await get("/probe-missing/x");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { json: { message: string } }).json.message).toBe("no probe named x");
    const broken = await get("/probe-broken");
    expect(broken.status).toBe(500);
    expect(await broken.text()).not.toContain("a fault inside the handler");
    expect((await get("/probe/x", { method: "DELETE" })).status).toBe(405);
    expect((await get("/nothing-here")).status).toBe(404);
    expect((await get("/healthz")).status).toBe(200);
  });

  test("a plugin's routes go when it is unloaded", async () => {
    await running.platform.runtime.unload("route-probe", "test");
    expect((await get("/probe/x")).status).toBe(404);
    expect((await get("/api/v1/route-probe/whoami")).status).toBe(404);
  });
});

describe("the route table refuses what would be ambiguous or not the plugin's", () => {
  const handler = () => new Response("");
  test("the same method and shape twice, platform paths, another plugin's /api prefix", () => {
    const table = new PluginRouteTable();
    table.mount("a", { method: "GET", path: "/status/:slug", handler });
    expect(() => table.mount("b", { method: ["POST", "GET"], path: "/status/:name", handler })).toThrow('already served by plugin "a"');
    table.mount("b", { method: "POST", path: "/status/:name", handler });
    expect(() => table.mount("a", { method: "GET", path: "/healthz", handler })).toThrow("belongs to the platform");
    expect(() => table.mount("a", { method: "GET", path: "/api/b/x", handler })).toThrow("another plugin's /api/b/");
    expect(() => table.mount("a", { method: "GET", path: "/x/*/y", handler })).toThrow("may only end a path");
    table.mount("a", { method: "GET", path: "/api/a/feed.xml", handler });
    expect(table.match("GET", "/status/main")?.pluginId).toBe("a");
    expect(table.match("POST", "/status/main")?.pluginId).toBe("b");
    expect(table.match("GET", "/status/%E0%A4%A")).toBeUndefined();
    table.unmountPlugin("a");
    expect(table.match("GET", "/status/main")).toBeUndefined();
  });
});
