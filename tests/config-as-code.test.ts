import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { Client } from "pg";
import { parse } from "yaml";
import { useTestDatabase } from "@checkstack/test-utils";
import { runConfigCli } from "../server/src/cli/config/cli";
import { adminApiKey, changeLines, runCli, startWithAdmin, useConfigFiles, type CliRun } from "./support/config-cli";
import { newSecretKey, postRpc, REPO_ROOT, usePlatforms, type PlatformProcess } from "./support/platform-process";

const ADMIN = { email: "config-admin@example.com", password: "config-admin-password-1" };
const platforms = usePlatforms("all");
const database = useTestDatabase();
const emptyDatabase = useTestDatabase();
const files = useConfigFiles("config-test");
let a: PlatformProcess;
let b: PlatformProcess;
let adminKey = "";
let port = 0;
const target: Server = createServer((socket) => socket.end());

const SECRET_ENV = { API_TOKEN: "Bearer s3cret-token" };

/** `checkstack apply|export …` in this process against `instance`, with the admin key in CHECKSTACK_API_KEY. */
const cli = (instance: PlatformProcess, args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  runCli(instance.url, args, { CHECKSTACK_API_KEY: adminKey, ...SECRET_ENV, ...env });

const fileWith = (content: string, extension = "yaml"): Promise<string> => files.write(content, extension);

async function apply(instance: PlatformProcess, content: string, ...flags: string[]): Promise<CliRun> {
  return cli(instance, ["apply", "-f", await fileWith(content), ...flags]);
}

async function exported(instance: PlatformProcess): Promise<string> {
  const run = await cli(instance, ["export"]);
  if (run.code !== 0) throw new Error(`export failed: ${run.stderr}`);
  return run.stdout;
}

const baseFile = () => `
teams:
  - name: Platform
systems:
  - name: API
    description: The public API
    team: Platform
  - name: Database
  - name: Website
groups:
  - name: Core
    systems: [API, Database]
checks:
  - name: api-tcp
    strategy: tcp
    interval: 30s
    timeout: 5s
    systems: [API]
    config: { host: 127.0.0.1, port: ${port} }
  - name: db-tcp
    strategy: tcp
    interval: 1m
    timeout: 2s
    systems: [Database, API]
    config: { host: 127.0.0.1, port: ${port} }
  - name: website-http
    strategy: http
    enabled: false
    systems: [Website]
    config:
      url: http://127.0.0.1:${port}/health
      secretHeaders: { Authorization: "\${env:API_TOKEN}" }
`;

beforeAll(async () => {
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", () => resolve()));
  port = (target.address() as { port: number }).port;
  const secretKey = newSecretKey();
  a = await startWithAdmin(platforms, database.url, ADMIN, secretKey);
  b = await startWithAdmin(platforms, database.url, ADMIN, secretKey);
  ({ key: adminKey } = await adminApiKey(a, ADMIN));
}, 240_000);

afterAll(async () => {
  await new Promise<void>((resolve) => target.close(() => resolve()));
});

describe("configuration as code on two instances", () => {
  test("apply creates every resource; the other instance exports them, with secrets as ${env:…} references", async () => {
    const run = await apply(a, baseFile());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("8 changes");
    expect(changeLines(run)).toEqual([
      '+ create checks "api-tcp"',
      '+ create checks "db-tcp"',
      '+ create checks "website-http"',
      '+ create groups "Core"',
      '+ create systems "API"',
      '+ create systems "Database"',
      '+ create systems "Website"',
      '+ create teams "Platform"',
    ]);
    const file = parse(await exported(b)) as Record<string, Array<Record<string, unknown>>>;
    expect(file["teams"]).toContainEqual({ name: "Platform" });
    expect(file["systems"]).toEqual([{ name: "API", description: "The public API", team: "Platform" }, { name: "Database" }, { name: "Website" }]);
    expect(file["groups"]).toEqual([{ name: "Core", systems: ["API", "Database"] }]);
    const db = file["checks"]?.find((check) => check["name"] === "db-tcp");
    expect(db).toMatchObject({ strategy: "tcp", interval: "1m", timeout: "2s", enabled: true, systems: ["API", "Database"], config: { host: "127.0.0.1", port } });
    const http = file["checks"]?.find((check) => check["name"] === "website-http");
    expect(http?.["config"]).toMatchObject({ secretHeaders: { Authorization: "${env:CHECKSTACK_CHECKS_WEBSITE_HTTP_CONFIG_SECRETHEADERS_AUTHORIZATION}" } });
    expect(JSON.stringify(file)).not.toContain("s3cret");

    // Audited as one unit: every row the apply wrote carries the one request id of its summary row.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const summary = await client.query<{ request_id: string; principal: string; new_row: { creates: number } }>(
        "SELECT request_id, principal, new_row FROM checkstack.audit_log WHERE schema_name = 'plugin_config' AND table_name = 'applies' ORDER BY id",
      );
      expect(summary.rows).toHaveLength(1);
      expect(summary.rows[0]?.new_row.creates).toBe(8);
      const rows = await client.query<{ table: string; n: number }>(
        "SELECT schema_name || '.' || table_name AS table, count(*)::int AS n FROM checkstack.audit_log WHERE request_id = $1 AND operation = 'INSERT' GROUP BY 1 ORDER BY 1",
        [summary.rows[0]?.request_id],
      );
      const inserted = Object.fromEntries(rows.rows.map((row) => [row.table, row.n]));
      expect(inserted).toMatchObject({ "plugin_catalog.systems": 3, "plugin_catalog.groups": 1, "plugin_healthcheck.checks": 3, "plugin_config.applies": 1 });
    } finally {
      await client.end();
    }
  }, 60_000);

  test("a second apply of the same file, on the other instance, changes nothing and says 0 changes", async () => {
    const before = await exported(a);
    const run = await apply(b, baseFile());
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe("0 changes");
    expect(await exported(a)).toBe(before);
  }, 60_000);

  test("an edited file applies exactly its diff", async () => {
    const edited = baseFile()
      .replace("description: The public API", "description: The public REST API")
      .replace("systems: [API, Database]", "systems: [API, Database, Website]")
      .replace("interval: 1m", "interval: 2m");
    const run = await apply(a, edited);
    expect(run.code).toBe(0);
    expect(changeLines(run)).toEqual(['~ update checks "db-tcp" (interval)', '~ update groups "Core" (systems)', '~ update systems "API" (description)']);
    expect(run.stdout).toContain("3 changes");
    const file = parse(await exported(b)) as Record<string, Array<Record<string, unknown>>>;
    expect(file["groups"]).toEqual([{ name: "Core", systems: ["API", "Database", "Website"] }]);
    expect(file["checks"]?.find((check) => check["name"] === "db-tcp")?.["interval"]).toBe("2m");
    // Back to the base file for the tests below: the same three updates the other way.
    expect(changeLines(await apply(b, baseFile()))).toHaveLength(3);
  }, 60_000);

  test("a changed secret is noticed although the export shows it redacted", async () => {
    const run = await cli(a, ["apply", "-f", await fileWith(baseFile())], { API_TOKEN: "Bearer rotated" });
    expect(changeLines(run)).toEqual(['~ update checks "website-http" (a secret value)']);
    expect((await apply(a, baseFile())).stdout).toContain("1 change\n");
  }, 60_000);

  test("--dry-run prints the plan and changes nothing", async () => {
    const before = await exported(a);
    const planned = baseFile().replace("  - name: Website\n", "  - name: Website\n  - name: Queue\n").replace("description: The public API", "description: Changed");
    const run = await apply(b, planned, "--dry-run");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Plan (dry run; nothing was changed)");
    expect(changeLines(run)).toEqual(['+ create systems "Queue"', '~ update systems "API" (description)']);
    expect(run.stdout).toContain("2 changes planned");
    expect(await exported(a)).toBe(before);
  }, 60_000);

  test("--prune deletes what the file dropped among file-made resources; --prune-all also the hand-made ones", async () => {
    // Made by hand, through the API: not the file's.
    const manual = await postRpc(a, "catalog/createSystem", { name: "Hand-made" }, { authorization: `Bearer ${adminKey}` });
    expect(manual.status).toBe(200);
    const withoutDbCheck = baseFile().replace(/ {2}- name: db-tcp[\s\S]*?(?= {2}- name: website-http)/, "");
    expect((await apply(a, withoutDbCheck)).stdout.trim()).toBe("0 changes");
    const pruned = await apply(b, withoutDbCheck, "--prune");
    expect(changeLines(pruned)).toEqual(['- delete checks "db-tcp"']);
    const file = parse(await exported(a)) as Record<string, Array<Record<string, unknown>>>;
    expect(file["checks"]?.map((check) => check["name"])).toEqual(["api-tcp", "website-http"]);
    expect(file["systems"]?.map((system) => system["name"])).toContain("Hand-made");
    const all = await apply(a, withoutDbCheck, "--prune", "--prune-all");
    expect(changeLines(all)).toEqual(['- delete systems "Hand-made"']);
    expect((await apply(a, baseFile())).stdout).toContain("1 change\n");
  }, 60_000);

  test("an error in the 40th resource changes nothing and names the field", async () => {
    const before = await exported(a);
    const checks = Array.from({ length: 45 }, (_, index) =>
      [
        `  - name: bulk-${String(index).padStart(2, "0")}`,
        "    strategy: tcp",
        "    enabled: false",
        // The 40th check of the file names a system that exists nowhere: found only while applying, after 39 creates.
        `    systems: [${index === 36 ? "Nowhere" : "API"}]`,
        `    config: { host: 127.0.0.1, port: ${port} }`,
      ].join("\n"),
    );
    const file = `${baseFile()}${checks.join("\n")}\n`;
    const run = await apply(a, file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("checks[39].systems[0]: there is no systems resource named \"Nowhere\"");
    expect(await exported(b)).toBe(before);

    // A schema error in a strategy's config is named the same way, before anything is written.
    const badUrl = baseFile().replace(`url: http://127.0.0.1:${port}/health`, "url: not a url");
    const invalid = await apply(b, badUrl);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/checks\[2\]\.config\.url: /);
    expect(await exported(a)).toBe(before);
  }, 120_000);

  test("a missing ${env:…} variable and an unknown section are named, exit 1, and change nothing", async () => {
    const missing = await cli(a, ["apply", "-f", await fileWith(baseFile())], { API_TOKEN: undefined as unknown as string });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("checks[2].config.secretHeaders.Authorization: the environment variable API_TOKEN is not set");
    const unknown = await apply(a, "widgets:\n  - name: x\n");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('widgets: no installed plugin provides a "widgets" section');
  }, 60_000);

  test("export → apply on an empty cluster (JSON file, through npx checkstack) → export gives the same file", async () => {
    const yamlText = await exported(a);
    const empty = await startWithAdmin(platforms, emptyDatabase.url, ADMIN);
    const { key } = await adminApiKey(empty, ADMIN);
    const jsonPath = await fileWith(JSON.stringify(parse(yamlText), null, 2), "json");
    const child = Bun.spawn(["node", join(REPO_ROOT, "server", "bin", "checkstack.js"), "apply", "-f", jsonPath, "--url", empty.url], {
      cwd: REPO_ROOT,
      env: { ...process.env, CHECKSTACK_API_KEY: key, CHECKSTACK_CHECKS_WEBSITE_HTTP_CONFIG_SECRETHEADERS_AUTHORIZATION: SECRET_ENV.API_TOKEN },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("8 changes");
    let again = "";
    const exportRun = await runConfigCli(["export", "--url", empty.url], { CHECKSTACK_API_KEY: key }, { stdout: (text) => void (again += text), stderr: () => undefined });
    expect(exportRun).toBe(0);
    expect(again).toBe(yamlText);
  }, 180_000);
});
