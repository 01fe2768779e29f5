/**
 * A plugin removed while an instance was down (issue 13, item 8): the
 * returning instance finds the plugin in its own plugins directory, but the
 * cluster's record is the truth. It must not record the plugin again (which
 * would bring it back on every instance, access rules and all); it deletes
 * its copy instead. Installing the plugin again brings it back everywhere.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { packInstallable, writeInstallable } from "./support/installable-plugins";
import { managedPluginIds, output, usePluginAdminCluster } from "./support/plugin-admin-cluster";
import { platformBooted as booted, postRpc as post, type PlatformProcess } from "./support/platform-process";
import { waitFor } from "./support/poll";

const { pluginsRoot, workDir, startInstance, createOperatorKey, admin, rows } = usePluginAdminCluster("plugin-removal");
// Each instance has a plugins directory of its own, as instances on separate hosts do.
const alphaDir = join(pluginsRoot, "alpha");
const betaDir = join(pluginsRoot, "beta");
let tarball = "";
let alpha: PlatformProcess;
let beta: PlatformProcess;

const helloStatuses = async () => Promise.all([alpha, beta].map(async (instance) => (await post(instance, "greeter/hello", undefined)).status));

beforeAll(async () => {
  const packed = join(workDir(), "packed");
  await mkdir(packed, { recursive: true });
  tarball = packInstallable(await writeInstallable(join(workDir(), "src"), { pluginId: "greeter", kind: "greeter" }), packed);

  [alpha, beta] = await Promise.all([startInstance("alpha", alphaDir), startInstance("beta", betaDir)]);
  await Promise.all([booted(alpha), booted(beta)]);
  await createOperatorKey(alpha, "removal operator");
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
