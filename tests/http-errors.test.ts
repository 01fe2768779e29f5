import { beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useTestDatabase } from "@checkstack/test-utils";
import { fixtures, usePluginsDirs } from "./support/fixture-plugins";
import { BOOT_BOUND_MS, newSecretKey, parseResponse, REPO_ROOT, usePlatforms, type ApiResponse, type PlatformProcess } from "./support/platform-process";

// First: bun runs afterAll hooks in registration order, and platforms must stop before their database is dropped.
const platforms = usePlatforms("all");
const database = useTestDatabase();
const pluginsDirs = usePluginsDirs();

let platform: PlatformProcess;

beforeAll(async () => {
  const pluginsDir = await pluginsDirs.create([fixtures.api("fixture-api")]);
  platform = await platforms.start({ databaseUrl: database.url, secretKey: newSecretKey(), env: { CHECKSTACK_PLUGINS_DIR: pluginsDir } });
  await platform.waitForReady(BOOT_BOUND_MS);
}, BOOT_BOUND_MS + 10_000);

/** The `json` member of an oRPC RPC-protocol body. */
function payload(response: ApiResponse): Record<string, unknown> {
  expect(response.body).toBeObject();
  const json = (response.body as { json?: unknown }).json;
  expect(json).toBeObject();
  return json as Record<string, unknown>;
}

function expectJsonError(response: ApiResponse, status: number, code: string): Record<string, unknown> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toStartWith("application/json");
  const json = payload(response);
  expect(json).toMatchObject({ defined: false, code, status });
  expect(json["message"]).toBeString();
  return json;
}

describe("HTTP errors", () => {
  test("unknown plugin: 404 JSON", async () => {
    expectJsonError(await platform.call("no-such-plugin", "anything"), 404, "NOT_FOUND");
  });

  test("unknown procedure: 404 JSON", async () => {
    expectJsonError(await platform.call("myfeature", "noSuchProcedure"), 404, "NOT_FOUND");
  });

  test("invalid input: 400 listing the zod issues by path", async () => {
    const json = expectJsonError(await platform.call("fixture-api", "echo", { name: "", count: "three" }), 400, "BAD_REQUEST");
    const issues = (json["data"] as { issues?: Array<{ path: string; message: string }> }).issues ?? [];
    expect(issues.map((issue) => issue.path).sort()).toEqual(["count", "name"]);
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
  });

  test("a body that is not JSON: 400 JSON", async () => {
    const response = await platform.fetch("/api/fixture-api/echo", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expectJsonError(await parseResponse(response), 400, "BAD_REQUEST");
  });

  test("valid input reaches the handler", async () => {
    const response = await platform.call("fixture-api", "echo", { name: "ok", count: 3 });
    expect(response.status).toBe(200);
    expect(payload(response)).toEqual({ name: "ok", count: 3 });
  });

  test("a handler throwing a plain Error: 500 with a request id, the stack only in the log", async () => {
    const response = await platform.call("fixture-api", "boom");
    const json = expectJsonError(response, 500, "INTERNAL_SERVER_ERROR");
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toBeString();
    expect(json["data"]).toEqual({ requestId });
    expect(response.text).not.toContain("fixture handler exploded");
    expect(response.text).not.toMatch(/\bat .+:\d+:\d+/);

    const logged = await platform.waitForLog((line) => line.requestId === requestId && line.level === "error", 5_000);
    expect(logged.msg).toBe("procedure failed");
    const error = logged["error"] as { message?: string; stack?: string };
    expect(error.message).toBe("fixture handler exploded");
    expect(error.stack).toContain("fixture-api/src/index.ts");
  });

  test("a caller's x-request-id is echoed apart; the request id is the platform's own", async () => {
    const response = await platform.fetch("/api/fixture-api/boom", {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "test-request-42" },
      body: "{}",
    });
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(response.headers.get("x-client-request-id")).toBe("test-request-42");
  });

  test("a user-only procedure called anonymously: 401", async () => {
    expectJsonError(await platform.call("myfeature", "getItems"), 401, "UNAUTHORIZED");
  });

  test("a service-only procedure called anonymously: 401", async () => {
    expectJsonError(await platform.call("myfeature", "countItems"), 401, "UNAUTHORIZED");
  });

  test("getPublicInfo answers anonymous callers: 200", async () => {
    const response = await platform.call("myfeature", "getPublicInfo");
    expect(response.status).toBe(200);
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "plugins", "myfeature-backend", "package.json"), "utf8")) as { version: string };
    expect(payload(response)).toEqual({ pluginId: "myfeature", version: manifest.version });
  });
});
