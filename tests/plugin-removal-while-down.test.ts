/**
 * A plugin removed while an instance was down (issue 13, item 8): the
 * returning instance finds the plugin in its own plugins directory, but the
 * cluster's record is the truth. It must not record the plugin again (which
 * would bring it back on every instance, access rules and all); it deletes
 * its copy instead. Installing the plugin again brings it back everywhere.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "pg";
import { useTestDatabase } from "@checkstack/test-utils";
import { packInstallable, writeInstallable } from "./support/installable-plugins";
import { newSecretKey, platformBooted, postRpc, REPO_ROOT, usePlatforms, type ApiResponse, type PlatformProcess } from "./support/platform-process";
import { waitFor } from "./support/poll";

// afterAll hooks run in declaration order: stop the instances, then the pool, then drop the database.
const platforms = usePlatforms("all");
afterAll(async () => {
  await pool?.end();
  await Promise.all([rm(workDir, { recursive: true, force: true }), rm(pluginsRoot, { recursive: true, force: true })]);
});
const database = useTestDatabase();

const ADMIN_EMAIL = "removal-admin@example.com";
const ADMIN_PASSWORD = "removal-admin-password-1";
const secretKey = newSecretKey();
// Inside the repository, so installed plugins resolve the platform's packages from its node_modules.
const pluginsRoot = join(REPO_ROOT, ".data", "test-fixtures", `plugin-removal-${randomBytes(4).toString("hex")}`);
// Each instance has a plugins directory of its own, as instances on separate hosts do.
const alphaDir = join(pluginsRoot, "alpha");
const betaDir = join(pluginsRoot, "beta");
let workDir = "";
let tarball = "";
let pool: Pool;
let alpha: PlatformProcess;
let beta: PlatformProcess;
let apiKey = "";

function startInstance(name: string, pluginsDir: string): Promise<PlatformProcess> {
  return platforms.start({
    databaseUrl: database.url,
    secretKey,
    env: { CHECKSTACK_INSTANCE_ID: name, CHECKSTACK_PLUGINS_DIR: pluginsDir, CHECKSTACK_ADMIN_EMAIL: ADMIN_EMAIL, CHECKSTACK_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
}

const booted = platformBooted;

const post = postRpc;

const admin = (instance: PlatformProcess, procedure: string, input?: unknown) => post(instance, `plugins/${procedure}`, input, { authorization: `Bearer ${apiKey}` });
const output = <T>(response: ApiResponse): T => (response.body as { json: T }).json;
const helloStatuses = async () => Promise.all([alpha, beta].map(async (instance) => (await post(instance, "greeter/hello", undefined)).status));

async function rows(text: string, values: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  return (await pool.query(text, values)).rows;
}

function managedPluginIds(dir: string): string[] {
  const path = join(dir, "checkstack-plugins.json");
  if (!existsSync(path)) return [];
  return (JSON.parse(readFileSync(path, "utf8")) as { packages: Array<{ pluginId?: string }> }).packages.map((pkg) => pkg.pluginId ?? "?").sort();
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "checkstack-removal-"));
  const packed = join(workDir, "packed");
  await mkdir(packed, { recursive: true });
  tarball = packInstallable(await writeInstallable(join(workDir, "src"), { pluginId: "greeter", kind: "greeter" }), packed);

  pool = new Pool({ connectionString: database.url, max: 3 });
  pool.on("error", () => undefined);
  [alpha, beta] = await Promise.all([startInstance("alpha", alphaDir), startInstance("beta", betaDir)]);
  await Promise.all([booted(alpha), booted(beta)]);

  const login = await post(alpha, "auth/session/login", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  expect(login.status).toBe(200);
  const cookie = /checkstack_session=[^;]*/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
  const created = await post(alpha, "auth/applications/create", { name: "removal operator", roles: ["admin"] }, { cookie });
  expect(created.status).toBe(200);
  apiKey = output<{ key: string }>(created).key;
}, 240_000);

describe("a plugin removed while an instance was down", () => {
  test("the returning instance deletes its copy instead of recording the plugin again; a reinstall brings it back", async () => {
    expect((await admin(alpha, "install", { spec: tarball })).status).toBe(200);
    await waitFor(async () => (await helloStatuses()).every((status) => status === 200), { timeoutMs: 60_000, description: "greeter on both instances" });
    expect(managedPluginIds(betaDir)).toEqual(["greeter"]);

    // beta goes down; the plugin is removed meanwhile.
    expect(await beta.stop("SIGTERM", 30_000)).toMatchObject({ code: 0 });
    const removed = await admin(alpha, "deregister", { pluginId: "greeter" });
    expect(output(removed)).toEqual({ pluginId: "greeter", stillLoadedOn: [], cleanedUp: true });
    expect(await rows("SELECT plugin_id FROM checkstack.plugin_removals")).toEqual([{ plugin_id: "greeter" }]);

    // beta returns with the plugin still in its directory.
    beta = await startInstance("beta", betaDir);
    await booted(beta);
    expect(beta.logs.some((line) => line.msg.startsWith("removing a plugin package") && line["pluginId"] === "greeter")).toBe(true);
    expect(managedPluginIds(betaDir)).toEqual([]);
    expect(await rows("SELECT id FROM checkstack.plugins WHERE id = 'greeter'")).toEqual([]);
    expect(await rows("SELECT id FROM checkstack.access_rules WHERE plugin_id = 'greeter'")).toEqual([]);
    // Without the removal record beta would have loaded it again itself (and alpha's reconciler would follow).
    expect(await helloStatuses()).toEqual([404, 404]);

    // Installed again (through the instance that was down): back everywhere, the removal forgotten.
    expect((await admin(beta, "install", { spec: tarball })).status).toBe(200);
    await waitFor(async () => (await helloStatuses()).every((status) => status === 200), { timeoutMs: 60_000, description: "the reinstalled greeter on both instances" });
    expect(await rows("SELECT plugin_id FROM checkstack.plugin_removals")).toEqual([]);
    expect(managedPluginIds(betaDir)).toEqual(["greeter"]);
  }, 300_000);
});
