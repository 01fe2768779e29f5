/**
 * Runtime install and removal across processes (issue 5): the admin API of
 * the built-in "plugins" plugin, called over HTTP with an API key of an admin
 * application, against instances sharing one database and one plugins
 * directory, plus a late instance with a directory of its own.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { packInstallable, writeInstallable } from "./support/installable-plugins";
import { managedPluginIds, output, usePluginAdminCluster } from "./support/plugin-admin-cluster";
import { platformBooted as booted, postRpc as post, REPO_ROOT, type ApiResponse, type PlatformProcess } from "./support/platform-process";
import { waitUntil } from "./support/poll";

const { pluginsRoot, workDir: scratch, startInstance, createOperatorKey, admin, apiKey, rows, pool: openPool } = usePluginAdminCluster("plugin-install");
const sharedDir = join(pluginsRoot, "shared");
let workDir = "";
// Outside the repository, as a volume would be: the platform links the packages installed plugins need into it.
let ownDir = "";
let a: PlatformProcess;
let b: PlatformProcess;
let c: PlatformProcess | undefined;
const tarballs: Record<string, string> = {};

const errorOf = (response: ApiResponse) => (response.body as { json?: { code?: string; message?: string } } | undefined)?.json ?? {};
const hello = (instance: PlatformProcess, pluginId: string) => post(instance, `${pluginId}/hello`, undefined);

/** Polls until `done` accepts what `probe` reads (20 s unless told); fails quoting the last value read. */
const waitFor = <T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000) => waitUntil(probe, done, timeoutMs);

const everyInstance = () => [a, b, ...(c ? [c] : [])];
async function statusesOf(pluginId: string): Promise<number[]> {
  return Promise.all(everyInstance().map(async (instance) => (await hello(instance, pluginId)).status));
}

interface ListedPlugin {
  id: string;
  enabled: boolean;
  source: string;
  instances: Array<{ instanceId: string; state: string; loadedAt: string | null; error: string | null; live: boolean }>;
}
async function listed(pluginId: string): Promise<ListedPlugin | undefined> {
  const response = await admin(a, "list");
  expect(response.status).toBe(200);
  return output<{ plugins: ListedPlugin[] }>(response).plugins.find((plugin) => plugin.id === pluginId);
}

/** Plugin tables are under FORCE ROW LEVEL SECURITY: read them as a service principal, as the platform would. */
async function asService(text: string): Promise<Array<Record<string, unknown>>> {
  const client = await openPool().connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('checkstack.principal', $1, true)", [JSON.stringify({ type: "service", pluginId: "plugin-install-test" })]);
    const result = await client.query(text);
    await client.query("COMMIT");
    return result.rows;
  } finally {
    client.release();
  }
}

/** Everything a plugin can leave in the database. */
async function traces(pluginId: string) {
  const schema = `plugin_${pluginId.replaceAll("-", "_")}`;
  return {
    record: await rows("SELECT id, enabled FROM checkstack.plugins WHERE id = $1", [pluginId]),
    schema: await rows("SELECT schema_name FROM information_schema.schemata WHERE schema_name = $1", [schema]),
    bookkeeping: (await rows("SELECT to_regclass($1) AS t", [`checkstack_migrations.${schema}`]))[0]?.["t"] ?? null,
    rules: await rows("SELECT id FROM checkstack.access_rules WHERE plugin_id = $1", [pluginId]),
    grants: await rows("SELECT role_id, rule_id FROM checkstack.role_rules WHERE rule_id LIKE $1", [`${pluginId}.%`]),
    subscriptions: await rows("SELECT hook_id FROM checkstack.hook_subscriptions WHERE plugin_id = $1", [pluginId]),
    loadedOn: await rows("SELECT instance_id FROM checkstack.instance_plugins WHERE plugin_id = $1", [pluginId]),
  };
}

/** What the platform put into a plugins directory: installed package folders and kept tarballs. */
function installedFiles(dir: string): string[] {
  const list = (sub: string) => (existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)).filter((name) => !name.startsWith(".")).map((name) => `${sub}/${name}`) : []);
  return [...list("node_modules"), ...list(".tarballs")].sort();
}

beforeAll(async () => {
  workDir = scratch();
  ownDir = join(workDir, "own-gamma");
  const packed = join(workDir, "packed");
  spawnSync("mkdir", ["-p", packed]);
  const fixtures = [
    { pluginId: "greeter", kind: "greeter" },
    { pluginId: "clock", kind: "provider", serviceId: "fixture.clock" },
    { pluginId: "alarm", kind: "consumer", serviceId: "fixture.clock" },
    { pluginId: "broken", kind: "failing-init" },
    { pluginId: "plain", kind: "not-a-plugin" },
  ] as const;
  for (const fixture of fixtures) tarballs[fixture.pluginId] = packInstallable(await writeInstallable(join(workDir, "src"), fixture), packed);
  // Installed, then its tarball deleted: an instance started later cannot install it from the recorded source.
  const vanishing = join(workDir, "vanishing");
  spawnSync("mkdir", ["-p", vanishing]);
  tarballs["ghost"] = packInstallable(await writeInstallable(join(workDir, "src"), { pluginId: "ghost", kind: "provider", serviceId: "fixture.ghost" }), vanishing);
  tarballs["corrupt"] = join(packed, "corrupt-1.0.0.tgz");
  await writeFile(tarballs["corrupt"], "this is not a gzip archive\n");

  [a, b] = await Promise.all([startInstance("alpha", sharedDir), startInstance("beta", sharedDir)]);
  await Promise.all([booted(a), booted(b)]);
  await createOperatorKey(a, "plugin operator");
}, 120_000);

describe("guards", () => {
  test("the admin API needs credentials and the plugins.plugin.* rules", async () => {
    expect((await post(a, "plugins/list", undefined)).status).toBe(401);
    expect((await admin(a, "list")).status).toBe(200);
    const rules = await rows("SELECT id FROM checkstack.access_rules WHERE plugin_id = 'plugins' ORDER BY id");
    expect(rules.map((row) => row["id"])).toEqual(["plugins.plugin.manage", "plugins.plugin.read"]);
  }, 30_000);

  test("bundled plugins cannot be removed or disabled", async () => {
    for (const [procedure, pluginId] of [["deregister", "auth"], ["disable", "auth"], ["deregister", "plugins"]] as const) {
      const response = await admin(a, procedure, { pluginId, deleteSchema: true });
      expect(response.status).toBe(403);
      expect(errorOf(response).message).toContain("bundled");
    }
    expect((await post(a, "auth/session/me", undefined)).status).toBe(200);
  }, 30_000);

  test("anything but an npm name, an absolute .tgz path or an absolute folder path is refused before npm runs", async () => {
    for (const spec of ["../greeter.tgz", "greeter.tgz", "https://example.com/x.tgz", "git+ssh://git@example.com/x.git", "--registry=http://evil", "x; rm -rf /", "Upper", "/no/such/file.tgz", "/etc/hostname", "a@b c@d"]) {
      const response = await admin(a, "install", { spec });
      expect({ spec, status: response.status }).toEqual({ spec, status: 400 });
    }
    expect((await admin(a, "deregister", { pluginId: "Not An Id" })).status).toBe(400);
    expect((await admin(a, "deregister", { pluginId: "never-installed" })).status).toBe(404);
  }, 30_000);
});

describe("install on one instance, loaded on every instance", () => {
  test("installed through A: callable on A at once and on B within seconds, recorded with its source", async () => {
    const response = await admin(a, "install", { spec: tarballs["greeter"] });
    expect(response.status).toBe(200);
    expect(output(response)).toEqual({ pluginId: "greeter", version: "1.0.0", source: tarballs["greeter"] });

    const onA = await hello(a, "greeter");
    expect(onA.status).toBe(200);
    expect(output(onA)).toEqual({ pluginId: "greeter", greeting: "hello from an installed plugin" });
    expect(await waitFor(() => statusesOf("greeter"), (statuses) => statuses.every((status) => status === 200))).toEqual([200, 200]);

    const found = await waitFor(() => listed("greeter"), (plugin) => plugin?.instances.filter((instance) => instance.state === "ready").length === 2);
    expect(found).toMatchObject({ id: "greeter", enabled: true, source: tarballs["greeter"] });
    expect(found?.instances.map((instance) => instance.instanceId).sort()).toEqual(["alpha", "beta"]);
    expect(found?.instances.every((instance) => instance.loadedAt !== null && instance.live)).toBe(true);

    const left = await traces("greeter");
    expect(left.record).toEqual([{ id: "greeter", enabled: true }]);
    expect(left.schema).toHaveLength(1);
    expect(left.rules).toEqual([{ id: "greeter.greeting.read" }]);
    expect(left.grants).toEqual([{ role_id: "users", rule_id: "greeter.greeting.read" }]);
    expect(managedPluginIds(sharedDir)).toEqual(["greeter"]);
    // pluginInstalled is handled once, cluster-wide: the operation is recorded as finished, by whom it was asked.
    const operation = () => rows("SELECT action, status, requested_by FROM checkstack.plugin_operations WHERE plugin_id = 'greeter'");
    expect(await waitFor(operation, (found) => found[0]?.["status"] === "done")).toEqual([{ action: "install", status: "done", requested_by: expect.stringMatching(/^application:/) }]);
  }, 60_000);

  test("the same plugin installed from A and B at once: one install wins, the other is told it exists", async () => {
    const responses = await Promise.all([admin(a, "install", { spec: tarballs["clock"] }), admin(b, "install", { spec: tarballs["clock"] })]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    expect(responses.map((response) => errorOf(response).message ?? "").join(" ")).toContain('plugin "clock" is already installed');
    expect(await rows("SELECT id FROM checkstack.plugins WHERE id = 'clock'")).toHaveLength(1);
    expect(managedPluginIds(sharedDir)).toEqual(["clock", "greeter"]);
  }, 60_000);

  test("a plugin others need cannot be removed or disabled while they are enabled", async () => {
    expect((await admin(b, "install", { spec: tarballs["alarm"] })).status).toBe(200);
    for (const procedure of ["deregister", "disable"]) {
      const response = await admin(a, procedure, { pluginId: "clock" });
      expect(response.status).toBe(409);
      expect(errorOf(response).message).toContain('"alarm" needs "fixture.clock"');
    }
  }, 60_000);

  test("an instance started afterwards installs every enabled plugin from its recorded source into its own directory; what it cannot install is reported and it starts anyway; disabled plugins are not loaded", async () => {
    expect((await admin(a, "install", { spec: tarballs["ghost"] })).status).toBe(200);
    await rm(tarballs["ghost"] ?? "", { force: true });
    expect((await admin(a, "disable", { pluginId: "alarm" })).status).toBe(200);

    c = await startInstance("gamma", ownDir);
    await booted(c);
    for (const pluginId of ["greeter", "clock"]) {
      expect(await waitFor(async () => (await listed(pluginId))?.instances.find((instance) => instance.instanceId === "gamma")?.state, (state) => state === "ready")).toBe("ready");
    }
    expect(output(await hello(c, "greeter"))).toEqual({ pluginId: "greeter", greeting: "hello from an installed plugin" });
    expect(c.logs.some((line) => line.msg === "plugin installed from its recorded source" && line["pluginId"] === "greeter")).toBe(true);

    const ghostOnGamma = (await listed("ghost"))?.instances.find((instance) => instance.instanceId === "gamma");
    expect(ghostOnGamma).toMatchObject({ state: "failed", error: expect.stringContaining("does not exist on this instance") });
    expect(c.logs.some((line) => line.msg === "plugin could not be installed on this instance; starting without it" && line["pluginId"] === "ghost")).toBe(true);
    expect((await listed("alarm"))?.instances ?? []).toEqual([]);
    expect(managedPluginIds(ownDir)).toEqual(["clock", "greeter"]);
    expect(lstatSync(join(ownDir, "node_modules", "@checkstack", "backend-api")).isSymbolicLink()).toBe(true);

    // Enabled again: gamma installs it from its source too.
    expect((await admin(c, "enable", { pluginId: "alarm" })).status).toBe(200);
    const alarm = await waitFor(() => listed("alarm"), (plugin) => plugin?.instances.filter((instance) => instance.state === "ready").length === 3);
    expect(alarm?.instances.map((instance) => `${instance.instanceId}:${instance.state}`).sort()).toEqual(["alpha:ready", "beta:ready", "gamma:ready"]);
    expect(managedPluginIds(ownDir)).toEqual(["alarm", "clock", "greeter"]);

    // A plugin an instance failed to install is still removable everywhere.
    expect(output(await admin(b, "deregister", { pluginId: "ghost", deleteSchema: true }))).toEqual({ pluginId: "ghost", stillLoadedOn: [], cleanedUp: true });
    expect(await listed("ghost")).toBeUndefined();
  }, 120_000);
});

describe("disable, enable and deregistration", () => {
  test("disabled: 404 on every instance, still installed; enabled: back on every instance", async () => {
    const disabled = await admin(b, "disable", { pluginId: "greeter" });
    expect(disabled.status).toBe(200);
    expect(output(disabled)).toEqual({ pluginId: "greeter", stillLoadedOn: [] });
    expect(await statusesOf("greeter")).toEqual([404, 404, 404]);
    expect((await traces("greeter")).record).toEqual([{ id: "greeter", enabled: false }]);
    expect(managedPluginIds(ownDir)).toContain("greeter");

    expect((await admin(a, "enable", { pluginId: "greeter" })).status).toBe(200);
    expect(await waitFor(() => statusesOf("greeter"), (statuses) => statuses.every((status) => status === 200))).toEqual([200, 200, 200]);
  }, 60_000);

  test("deregistered without deleteSchema: 404 everywhere, rules gone, data and migration bookkeeping kept for a reinstall", async () => {
    const response = await admin(a, "deregister", { pluginId: "greeter" });
    expect(output(response)).toEqual({ pluginId: "greeter", stillLoadedOn: [], cleanedUp: true });
    expect(await statusesOf("greeter")).toEqual([404, 404, 404]);
    const left = await traces("greeter");
    expect({ ...left, schema: left.schema.length, bookkeeping: left.bookkeeping !== null }).toEqual({
      record: [], schema: 1, bookkeeping: true, rules: [], grants: [], subscriptions: [], loadedOn: [],
    });
    expect(managedPluginIds(sharedDir)).not.toContain("greeter");

    expect((await admin(b, "install", { spec: tarballs["greeter"] })).status).toBe(200);
    expect(await waitFor(() => statusesOf("greeter"), (statuses) => statuses.every((status) => status === 200))).toEqual([200, 200, 200]);
    // The migration that inserts the greeting was not applied a second time.
    expect(await asService("SELECT text FROM plugin_greeter.greetings")).toEqual([{ text: "hello from an installed plugin" }]);
  }, 60_000);

  test("deregistered with deleteSchema: 404 everywhere; schema, bookkeeping, rules, grants, subscriptions, files and record gone", async () => {
    expect((await traces("greeter")).subscriptions.length).toBeGreaterThan(0);
    const response = await admin(c ?? a, "deregister", { pluginId: "greeter", deleteSchema: true });
    expect(response.status).toBe(200);
    expect(output(response)).toEqual({ pluginId: "greeter", stillLoadedOn: [], cleanedUp: true });
    expect(await statusesOf("greeter")).toEqual([404, 404, 404]);
    expect(await traces("greeter")).toEqual({ record: [], schema: [], bookkeeping: null, rules: [], grants: [], subscriptions: [], loadedOn: [] });
    // Each instance removes its copy after unloading: the shared directory's manifest follows too, under load a moment later.
    expect(await waitFor(async () => managedPluginIds(ownDir), (ids) => !ids.includes("greeter"))).toEqual(["alarm", "clock"]);
    expect(await waitFor(async () => managedPluginIds(sharedDir), (ids) => !ids.includes("greeter"))).toEqual(["alarm", "clock"]);
    expect(installedFiles(sharedDir).some((name) => name.includes("greeter"))).toBe(false);
    expect(await listed("greeter")).toBeUndefined();
  }, 60_000);

  test("dependents first, then the plugin they needed", async () => {
    expect((await admin(a, "deregister", { pluginId: "alarm" })).status).toBe(200);
    const removed = await admin(b, "deregister", { pluginId: "clock", deleteSchema: false });
    expect(removed.status).toBe(200);
    expect(output(removed)).toMatchObject({ pluginId: "clock", cleanedUp: true });
    expect((await traces("clock")).record).toEqual([]);
    expect(managedPluginIds(sharedDir)).toEqual([]);
  }, 60_000);
});

describe("a failed install leaves no trace", () => {
  test.each([
    ["a corrupt .tgz", "corrupt", "corrupt", /npm could not get .*TAR_BAD_ARCHIVE/],
    ["a package that is not a Checkstack plugin", "plain", "plain", /is not a Checkstack backend plugin/],
    ["a plugin whose init fails", "broken", "broken", /plugin "broken" .* failed to load, so it was not installed: fixture init exploded/],
  ])("%s: a 400 saying why; no record, files, schema or rules", async (_name, fixture, pluginId, message) => {
    const filesBefore = installedFiles(sharedDir);
    const response = await admin(a, "install", { spec: tarballs[fixture] });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: "BAD_REQUEST" });
    expect(errorOf(response).message).toMatch(message);
    expect(installedFiles(sharedDir)).toEqual(filesBefore);
    expect(managedPluginIds(sharedDir)).toEqual([]);
    expect(await traces(pluginId)).toEqual({ record: [], schema: [], bookkeeping: null, rules: [], grants: [], subscriptions: [], loadedOn: [] });
    expect((await hello(a, "greeter")).status).toBe(404);
    expect((await admin(b, "list")).status).toBe(200);
  }, 60_000);
});

describe("the operator CLI", () => {
  const cli = (...args: string[]) => {
    const result = spawnSync(join(REPO_ROOT, "node_modules", ".bin", "checkstack"), ["plugins", ...args, "--url", a.url], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, CHECKSTACK_API_KEY: apiKey() },
      timeout: 120_000,
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };

  test("npx checkstack plugins install | list | remove against a running instance", async () => {
    const installed = cli("install", tarballs["greeter"] ?? "");
    expect({ code: installed.code, err: installed.err }).toEqual({ code: 0, err: "" });
    expect(installed.out).toContain("Installed greeter 1.0.0");
    expect(installed.out).toContain("Done: greeter is loaded on every live instance.");
    expect(await statusesOf("greeter")).toEqual([200, 200, 200]);

    const list = cli("list");
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/greeter 1\.0\.0 {2}\[enabled, from .*greeter-1\.0\.0\.tgz\]/);
    expect(list.out).toMatch(/auth \S+ {2}\[enabled, bundled\]/);
    expect(list.out).toContain("gamma: loaded since");

    const refused = cli("remove", "auth");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("bundled with the platform");

    const removed = cli("remove", "greeter", "--delete-schema");
    expect(removed.code).toBe(0);
    expect(removed.out).toContain("Done: greeter is unloaded everywhere and deregistered.");
    expect(await statusesOf("greeter")).toEqual([404, 404, 404]);
    expect((await traces("greeter")).schema).toEqual([]);

    const unauthenticated = spawnSync(join(REPO_ROOT, "node_modules", ".bin", "checkstack"), ["plugins", "list", "--url", a.url], { encoding: "utf8", env: { ...process.env, CHECKSTACK_API_KEY: "" } });
    expect(unauthenticated.status).toBe(1);
    expect(unauthenticated.stderr).toContain("--api-key");
  }, 120_000);
});
