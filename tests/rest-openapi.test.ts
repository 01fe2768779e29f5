/**
 * Issue 15, items 1 and 2, on a real platform process and real Postgres:
 * the OpenAPI document validates, every operation in it is called over REST
 * with the right credentials and a valid input and answers what the document
 * says (so the document cannot drift from the wire), /api/docs loads from
 * this server only, a plugin installed at runtime gets REST routes and a
 * place in the document (and loses both when removed), and an API key
 * created through the API drives the health checks.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { chromium } from "playwright-core";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { createCheckstackClient, ORPCError } from "@checkstack/client";
import { createTestDatabase, useTestDatabase, type TestDatabase } from "@checkstack/test-utils";
import { runCli } from "../server/src/cli/plugins/cli";
import { packInstallable, writeInstallable } from "./support/installable-plugins";
import { ADMIN, walkSteps, type WalkAnswer, type WalkAuth, type WalkContext } from "./rest-walk";
import { newSecretKey, platformBooted, REPO_ROOT, usePlatforms, type PlatformProcess } from "./support/platform-process";

const platforms = usePlatforms("all");
let workDir = "";
let tcpTarget: Server | undefined;
let webhookReceiver: ReturnType<typeof Bun.serve> | undefined;
let setupDatabase: TestDatabase | undefined;
// After usePlatforms' afterAll (registered first): the setup platform has stopped before its database is dropped.
afterAll(async () => {
  tcpTarget?.close();
  await webhookReceiver?.stop(true);
  await Promise.all([rm(workDir, { recursive: true, force: true }), rm(pluginsDir, { recursive: true, force: true }), setupDatabase?.drop()]);
});
const database = useTestDatabase();

// Inside the repository, so an installed plugin resolves the platform's packages from its node_modules.
const pluginsDir = join(REPO_ROOT, ".data", "test-fixtures", `rest-openapi-${randomBytes(4).toString("hex")}`);
let platform: PlatformProcess;
let cookie = "";
let apiKey = "";
let greeterTarball = "";
let tcpPort = 0;
let closedPort = 0;
let setup = { url: "", token: "" };

interface Operation {
  operationId: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };

async function rest(method: string, path: string, options: { body?: unknown; auth?: WalkAuth | { key: string }; baseUrl?: string } = {}): Promise<WalkAnswer> {
  const headers: Record<string, string> = {};
  const auth = options.auth ?? "key";
  if (auth === "cookie") headers["cookie"] = cookie;
  else if (auth === "key") headers["authorization"] = `Bearer ${apiKey}`;
  else if (typeof auth === "object" && "cookie" in auth) headers["cookie"] = auth.cookie;
  else if (typeof auth === "object") headers["authorization"] = `Bearer ${auth.key}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  // Installing a plugin runs npm: longer than PlatformProcess.fetch's 15 s.
  const response = await fetch(`${options.baseUrl ?? platform.url}${path}`, {
    method,
    headers,
    signal: AbortSignal.timeout(110_000),
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: response.headers };
}

const openApiDocument = async (): Promise<Document> => (await rest("GET", "/api/openapi.json", { auth: "none" })).body as Document;

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await Bun.sleep(200);
    value = await probe();
  }
  return value;
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "checkstack-rest-"));
  greeterTarball = packInstallable(await writeInstallable(join(workDir, "src"), { pluginId: "greeter", kind: "greeter" }), workDir);
  // A TCP server on 127.0.0.1 for the health check the walk creates.
  tcpTarget = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => tcpTarget!.listen(0, "127.0.0.1", resolve));
  tcpPort = (tcpTarget.address() as { port: number }).port;
  // A port that was free a moment ago and is closed again: checks against it are refused.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  closedPort = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  // The notification channels' receiver: /refuse answers 400, which the sender takes as final (a failed message).
  webhookReceiver = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: (request) => new Response(null, { status: new URL(request.url).pathname === "/refuse" ? 400 : 204 }),
  });
  setupDatabase = await createTestDatabase();
  // auth.completeSetup answers 200 only while no user exists: a second platform, without CHECKSTACK_ADMIN_EMAIL,
  // on an empty database, logs the one-time setup link the walk then uses.
  const [walked, fresh] = await Promise.all([
    platforms.start({
      databaseUrl: database.url,
      secretKey: newSecretKey(),
      env: { CHECKSTACK_EXAMPLE_PLUGINS: "1", CHECKSTACK_PLUGINS_DIR: pluginsDir, CHECKSTACK_ADMIN_EMAIL: ADMIN.email, CHECKSTACK_ADMIN_PASSWORD: ADMIN.password },
    }),
    platforms.start({ databaseUrl: setupDatabase.url, secretKey: newSecretKey() }),
  ]);
  platform = walked;
  await Promise.all([platformBooted(platform), platformBooted(fresh)]);
  const setupLine = await fresh.waitForLog((line) => line.msg.startsWith("FIRST-RUN SETUP"), 10_000);
  setup = { url: fresh.url, token: new URL(String(setupLine["setupUrl"])).searchParams.get("token") ?? "" };
  const login = await rest("POST", "/api/v1/auth/session/login", { body: ADMIN, auth: "none" });
  expect(login.status).toBe(200);
  cookie = /checkstack_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
  // The API key is created through the API, over REST, by the signed-in admin.
  const created = await rest("POST", "/api/v1/auth/applications", { body: { name: "rest walker", roles: ["admin"] }, auth: "cookie" });
  expect(created.status).toBe(200);
  apiKey = (created.body as { key: string }).key;
}, 180_000);

describe("the OpenAPI document", () => {
  test("is OpenAPI 3.1 that a maintained validator accepts, with both security schemes and access rules in every description", async () => {
    const doc = await openApiDocument();
    expect(doc.openapi).toStartWith("3.1");
    const result = await new Validator().validate(doc as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.components["securitySchemes"]).toMatchObject({
      sessionCookie: { type: "apiKey", in: "cookie", name: "checkstack_session" },
      apiKey: { type: "http", scheme: "bearer" },
    });
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThan(60);
    for (const operation of operations as Array<Operation & { description: string }>) {
      expect(operation.description).toContain("userType `");
      expect(operation.description).toContain("**Access rules**");
    }
    // Service-only procedures are not HTTP operations.
    expect(JSON.stringify(doc)).not.toContain("getSystemsByIds");
    expect(JSON.stringify(doc)).not.toContain("countItems");
  }, 30_000);
});

describe("every operation over REST", () => {
  test("answers 200 with a body the document's response schema accepts, for the credentials it names", async () => {
    // Bounded by the slowest steps, not by a sleep: a plugin install (npm) and an alert reaching its channels take minutes under load.
    const doc = await openApiDocument();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const byId = new Map<string, { method: string; path: string; operation: Operation }>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) byId.set(operation.operationId, { method: method.toUpperCase(), path, operation });
    }
    const context: WalkContext = {
      made: {},
      tcpPort,
      closedPort,
      webhookUrl: (path) => `http://127.0.0.1:${webhookReceiver!.port}${path}`,
      setup,
      greeterTarball,
      day: { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() },
      rest: (method, path, options) => rest(method, path, options),
      waitFor: (probe, done) => waitFor(probe, done),
    };
    const walked: string[] = [];
    for (const walkStep of walkSteps()) {
      const step = walkStep.call(context);
      const found = byId.get(step.operationId);
      expect({ operation: step.operationId, inDocument: found !== undefined }).toEqual({ operation: step.operationId, inDocument: true });
      const { method, path, operation } = found!;
      // The credentials the document names: none, the cookie only, or (preferred here) the API key.
      const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
      const auth = step.auth ?? (schemes.includes("apiKey") ? "key" : "cookie");
      // Credentials are optional where the document lists an empty requirement ({}).
      const optional = (operation.security ?? []).some((requirement) => Object.keys(requirement).length === 0);
      if (auth === "key") expect({ operation: step.operationId, allowed: optional || schemes.includes("apiKey") }).toEqual({ operation: step.operationId, allowed: true });
      if (auth === "cookie" || typeof auth === "object") expect({ operation: step.operationId, allowed: optional || schemes.includes("sessionCookie") }).toEqual({ operation: step.operationId, allowed: true });
      if (auth === "none") expect({ operation: step.operationId, optional }).toEqual({ operation: step.operationId, optional: true });
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(step.path[name] ?? `<missing ${name}>`));
      const query = step.query ? `?${new URLSearchParams(step.query).toString()}` : "";
      const answer = await rest(method, `${url}${query}`, { body: step.body, auth, ...(step.baseUrl ? { baseUrl: step.baseUrl } : {}) });
      expect({ operation: step.operationId, status: answer.status, body: answer.status === 200 ? "ok" : answer.body }).toEqual({ operation: step.operationId, status: 200, body: "ok" });
      const schema = operation.responses["200"]?.content?.["application/json"]?.schema;
      expect(schema).toBeDefined();
      const validate = ajv.compile(schema as object);
      const valid = validate(answer.body);
      expect({ operation: step.operationId, errors: valid ? [] : validate.errors }).toEqual({ operation: step.operationId, errors: [] });
      walked.push(step.operationId);
      await walkStep.after?.(answer.body, context);
    }
    // Every operation of the document was walked (tests/rest-walk/<plugin>.walk.ts), and nothing else.
    expect([...new Set(walked)].sort()).toEqual([...byId.keys()].sort());
  }, 480_000);
});

describe("routes follow plugins at runtime", () => {
  test("an installed plugin's routes and paths appear; removed, they disappear", async () => {
    expect((await openApiDocument()).paths["/api/v1/greeter/hello"]).toBeUndefined();
    expect((await rest("POST", "/api/v1/greeter/hello", { auth: "none" })).status).toBe(404);
    expect((await rest("POST", "/api/v1/plugins", { body: { spec: greeterTarball } })).status).toBe(200);
    const hello = await waitFor(() => rest("POST", "/api/v1/greeter/hello", { auth: "none" }), (answer) => answer.status === 200);
    expect(hello.body).toEqual({ pluginId: "greeter", greeting: "hello from an installed plugin" });
    const doc = await openApiDocument();
    expect(doc.paths["/api/v1/greeter/hello"]?.["post"]?.operationId).toBe("greeter.hello");
    expect(await new Validator().validate(doc as unknown as Parameters<Validator["validate"]>[0])).toMatchObject({ valid: true });

    expect((await rest("DELETE", "/api/v1/plugins/greeter", { body: { deleteSchema: true } })).status).toBe(200);
    const gone = await waitFor(() => rest("POST", "/api/v1/greeter/hello", { auth: "none" }), (answer) => answer.status === 404);
    expect(gone.body).toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect((await openApiDocument()).paths["/api/v1/greeter/hello"]).toBeUndefined();
  }, 120_000);
});

describe("REST and RPC are one code path", () => {
  test("the same refusals in the same error shape: no credentials, a bad key, a wrong field, a cross-site form post", async () => {
    const anonymous = await rest("POST", "/api/v1/catalog/systems", { body: { name: "x" }, auth: "none" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: "UNAUTHORIZED", status: 401, data: { requestId: anonymous.headers.get("x-request-id") } });
    expect((await rest("GET", "/api/v1/auth/users", { auth: { key: "ck_not-a-key" } })).status).toBe(401);
    const bad = await rest("POST", "/api/v1/catalog/systems", { body: { name: "" } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("name");
    const wrongId = await rest("GET", "/api/v1/catalog/systems/not-a-uuid");
    expect(wrongId.status).toBe(400);
    expect(JSON.stringify(wrongId.body)).toContain("systemId");
    const forged = await platform.fetch("/api/v1/catalog/systems", { method: "POST", headers: { cookie, "content-type": "text/plain", origin: "https://evil.example" }, body: "{}" });
    expect(forged.status).toBe(403);
    // An API key may not act as a signed-in person on that person's own account.
    const own = await rest("POST", "/api/v1/auth/account/password", { body: { currentPassword: "x".repeat(10), newPassword: "y".repeat(12) } });
    expect(own.status).toBe(403);
  }, 30_000);
});

describe("API keys and health checks", () => {
  test("an application key created through the API creates, reads and deletes health checks, over REST and RPC", async () => {
    const key = { key: apiKey };
    const system = await rest("POST", "/api/v1/catalog/systems", { body: { name: "key system" }, auth: key });
    expect(system.status).toBe(200);
    const systemId = (system.body as { id: string }).id;
    const strategies = (await rest("GET", "/api/v1/healthcheck/strategies", { auth: key })).body as Array<{ id: string }>;
    const strategyId = strategies.find((strategy) => strategy.id.includes("tcp"))!.id;
    const created = await rest("POST", "/api/v1/healthcheck/checks", {
      body: { name: "key check", strategyId, config: { host: "127.0.0.1", port: tcpPort }, intervalSeconds: 1, timeoutMs: 500, systemIds: [systemId] },
      auth: key,
    });
    expect(created.status).toBe(200);
    const checkId = (created.body as { id: string }).id;
    // The check runs; its status reaches the key.
    const status = await waitFor(() => rest("GET", `/api/v1/healthcheck/systems/${systemId}/status`, { auth: key }), (answer) => (answer.body as { status?: string }).status === "healthy");
    expect(status.body).toMatchObject({ systemId, status: "healthy" });
    const rpc = await platform.fetch("/api/healthcheck/listChecks", {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ json: { systemId } }),
    });
    expect(rpc.status).toBe(200);
    expect(((await rpc.json()) as { json: Array<{ id: string }> }).json.map((check) => check.id)).toEqual([checkId]);
    expect((await rest("DELETE", `/api/v1/healthcheck/checks/${checkId}`, { auth: key })).status).toBe(200);
  }, 60_000);
});

describe("/api/docs", () => {
  test("serves an API reference page whose scripts, styles and document all load from this server", async () => {
    const page = await platform.fetch("/api/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset).toStartWith("/api/docs/assets/");
      const loaded = await platform.fetch(asset);
      expect({ asset, status: loaded.status }).toEqual({ asset, status: 200 });
      const text = await loaded.text();
      expect(text.length).toBeGreaterThan(10);
      // The initializer points the page at this server's document and keeps Swagger UI's online validator off.
      if (asset.endsWith("init.js")) expect(text).toContain('url: "/api/openapi.json"');
      if (asset.endsWith("init.js")) expect(text).toContain("validatorUrl: null");
    }
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect((await platform.fetch("/api/docs/assets/../../package.json")).status).toBe(404);
  }, 30_000);

  test("in a browser with every other origin cut off, the page renders every operation and asks nothing of anyone else", async () => {
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    try {
      const context = await browser.newContext();
      const ownOrigin = new URL(platform.url).origin;
      const elsewhere: string[] = [];
      const loaded: string[] = [];
      // The network cut: anything not from this server is recorded and refused.
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (new URL(url).origin === ownOrigin) {
          loaded.push(url);
          return route.continue();
        }
        elsewhere.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      const failures: string[] = [];
      page.on("pageerror", (error) => failures.push(error.message));
      await page.goto(`${platform.url}/api/docs`, { timeout: 60_000 });
      const operations = (await openApiDocument()).paths;
      const count = Object.values(operations).reduce((sum, item) => sum + Object.keys(item).length, 0);
      // Runs in the page, where `document` is the DOM's (this file's tsconfig has no DOM types).
      type Page = { document: { querySelectorAll(selector: string): { length: number } } };
      // Swagger UI renders every operation (over 200 now) in the page: minutes when the machine is loaded.
      await page.waitForFunction((expected) => (globalThis as unknown as Page).document.querySelectorAll(".opblock").length >= expected, count, { timeout: 240_000 });
      expect(await page.locator(".opblock").count()).toBe(count);
      expect(await page.getByText("/api/v1/catalog/systems/{systemId}").first().isVisible()).toBe(true);
      expect(elsewhere).toEqual([]);
      expect(failures).toEqual([]);
      expect(loaded).toContain(`${ownOrigin}/api/openapi.json`);
    } finally {
      await browser.close();
    }
  }, 300_000);
});

describe("@checkstack/client and the CLI on it", () => {
  test("createCheckstackClient({ url, apiKey }) calls every bundled plugin typed; refusals are ORPCErrors with the platform's code", async () => {
    const client = createCheckstackClient({ url: platform.url, apiKey });
    const created = await client.catalog.createSystem({ name: "client system" });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect((await client.catalog.getSystem({ systemId: created.id })).name).toBe("client system");
    expect((await client.healthcheck.getSystemStatus({ systemId: created.id })).systemId).toBe(created.id);
    expect((await client.auth.session.me()).type).toBe("application");
    expect((await client.plugins.list()).plugins.map((plugin) => plugin.id)).toContain("catalog");
    const anonymous = createCheckstackClient({ url: `${platform.url}/` });
    const refused = await anonymous.catalog.createSystem({ name: "nope" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ORPCError);
    expect(refused).toMatchObject({ code: "UNAUTHORIZED", status: 401 });
  }, 30_000);

  test("checkstack plugins list goes through the client, with CHECKSTACK_API_KEY", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (text: string) => out.push(text), stderr: (text: string) => err.push(text) };
    expect(await runCli(["plugins", "list", "--url", platform.url, "--json"], { CHECKSTACK_API_KEY: apiKey }, io)).toBe(0);
    expect((JSON.parse(out.join("")) as { plugins: Array<{ id: string }> }).plugins.map((plugin) => plugin.id)).toContain("healthcheck");
    expect(await runCli(["plugins", "list", "--url", platform.url], {}, io)).toBe(1);
    expect(err.join("")).toContain("CHECKSTACK_API_KEY");
  }, 30_000);
});

describe("logs", () => {
  test("everything the process wrote (boot, every operation, a plugin install and removal, the docs) is JSON lines", () => {
    const notJson = platform.output.filter((line) => {
      if (line.trim() === "") return false;
      try {
        return typeof JSON.parse(line) !== "object";
      } catch {
        return true;
      }
    });
    expect(platform.output.length).toBeGreaterThan(10);
    expect(notJson).toEqual([]);
  });
});
