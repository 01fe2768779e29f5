import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { Pool } from "pg";
import { useTestDatabase } from "@checkstack/test-utils";
import { usePluginsDirs } from "./support/fixture-plugins";
import { hookProbePlugin } from "./support/hook-probe-plugin";
import { BOOT_BOUND_MS, newSecretKey, usePlatforms, type PlatformProcess } from "./support/platform-process";
import { queryAsService } from "./support/service-query";
import { waitUntil } from "./support/poll";

const PROBE = "hookprobe";
// afterAll hooks run in declaration order: stop the instances and the pool before the database is dropped.
const platforms = usePlatforms("all");
afterAll(async () => {
  await pool?.end();
});
const database = useTestDatabase();
const pluginsDirs = usePluginsDirs();
let instances: PlatformProcess[] = [];
let pool: Pool;
let pluginsDir: string;

interface Delivery {
  instance: string;
  channel: string;
  key: string;
  payload_size: number;
}

async function deliveries(keyPrefix: string): Promise<Delivery[]> {
  return queryAsService<Delivery>(
    pool,
    `SELECT instance, channel, key, payload_size FROM plugin_${PROBE}.deliveries WHERE key LIKE $1 ORDER BY id`,
    [`${keyPrefix}%`],
  );
}


const count = (rows: Delivery[], channel: string) => rows.filter((row) => row.channel === channel).length;

function startInstance(name: string): Promise<PlatformProcess> {
  return platforms.start({
    databaseUrl: database.url,
    secretKey,
    env: { CHECKSTACK_PLUGINS_DIR: pluginsDir, CHECKSTACK_INSTANCE_ID: name },
  });
}

const secretKey = newSecretKey();

beforeAll(async () => {
  pool = new Pool({ connectionString: database.url, max: 3 });
  // The harness drops the database with FORCE after the suite; idle connections then end abruptly.
  pool.on("error", () => undefined);
  pluginsDir = await pluginsDirs.create([hookProbePlugin(PROBE)]);
  instances = await Promise.all(["alpha", "beta", "gamma"].map(startInstance));
  await Promise.all(instances.map((instance) => instance.waitForReady(BOOT_BOUND_MS)));
}, BOOT_BOUND_MS + 30_000);

function emit(via: PlatformProcess, input: { keys: string[]; padding?: number; fail?: boolean; blockOnce?: string }) {
  return via.call(PROBE, "emit", input);
}

describe("hooks across three instances", () => {
  test("a broadcast reaches every instance once; each work-queue group handles each event exactly once", async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `fanout-${i}`);
    const responses = await Promise.all([
      emit(instances[0]!, { keys: keys.slice(0, 20) }),
      emit(instances[1]!, { keys: keys.slice(20) }),
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 200]);

    const rows = await waitUntil(
      () => deliveries("fanout-"),
      // Every channel, "slow" included: a delivery still on its way would otherwise count as a duplicate below.
      (found) => count(found, "broadcast") >= 120 && count(found, "group-a") >= 40 && count(found, "group-b") >= 40 && count(found, "slow") >= 40,
      30_000,
    );
    // Let any duplicate that is still on its way arrive before counting.
    await Bun.sleep(1_500);
    const settled = await deliveries("fanout-");
    expect(settled.length).toBe(rows.length);

    for (const instance of ["alpha", "beta", "gamma"]) {
      const seen = settled.filter((row) => row.channel === "broadcast" && row.instance === instance).map((row) => row.key);
      expect(seen.sort()).toEqual([...keys].sort());
    }
    for (const group of ["group-a", "group-b"]) {
      const handled = settled.filter((row) => row.channel === group).map((row) => row.key);
      expect(handled.sort()).toEqual([...keys].sort());
    }
  }, 60_000);

  test("payloads beyond NOTIFY's 8000-byte limit are delivered whole", async () => {
    const response = await emit(instances[2]!, { keys: ["large-1"], padding: 100_000 });
    expect(response.status).toBe(200);
    const rows = await waitUntil(() => deliveries("large-"), (found) => count(found, "broadcast") >= 3 && count(found, "group-a") >= 1, 30_000);
    expect(rows.filter((row) => row.channel === "broadcast").map((row) => row.payload_size)).toEqual([100_000, 100_000, 100_000]);
  }, 45_000);

  test("an emit whose transaction rolls back delivers nothing", async () => {
    const response = await emit(instances[0]!, { keys: ["rolledback-1", "rolledback-2"], fail: true });
    expect(response.status).toBe(500);
    // A committed marker emitted afterwards proves the pipeline ran past the rolled-back events.
    expect((await emit(instances[0]!, { keys: ["after-rollback"] })).status).toBe(200);
    const marker = await waitUntil(() => deliveries("after-rollback"), (found) => count(found, "broadcast") >= 3 && count(found, "group-a") >= 1, 30_000);
    expect(count(marker, "broadcast")).toBe(3);
    await Bun.sleep(500);
    expect(await deliveries("rolledback-")).toEqual([]);
  }, 45_000);

  test("events emitted while an instance's LISTEN connection is cut are still delivered there", async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `cut-${i}`);
    const emitting = (async () => {
      for (const [index, key] of keys.entries()) {
        await emit(instances[index % 3]!, { keys: [key] });
        await Bun.sleep(20);
      }
    })();
    // Cut every instance's LISTEN connection, twice, while events flow: each round waits until all
    // three are connected (again), however long reconnecting takes on a loaded machine.
    const listening = async () =>
      (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'checkstack-listen:%'")).rows[0]?.n ?? 0;
    for (let round = 0; round < 2; round++) {
      expect(await waitUntil(listening, (n) => n >= 3, 20_000)).toBeGreaterThanOrEqual(3);
      const killed = await pool.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'checkstack-listen:%'",
      );
      expect(killed.rowCount).toBeGreaterThanOrEqual(3);
    }
    await emitting;
    const rows = await waitUntil(() => deliveries("cut-"), (found) => count(found, "broadcast") >= 90, 30_000);
    for (const instance of ["alpha", "beta", "gamma"]) {
      const seen = rows.filter((row) => row.channel === "broadcast" && row.instance === instance).map((row) => row.key);
      expect(seen.sort()).toEqual([...keys].sort());
    }
  }, 90_000);

  test("kill -9 of the instance holding a work-queue job: another instance finishes it", async () => {
    const marker = join(pluginsDir, `blocked-${randomBytes(4).toString("hex")}`);
    expect((await emit(instances[0]!, { keys: ["killed-job"], blockOnce: marker })).status).toBe(200);
    const holderLine = await Promise.any(
      instances.map((instance) =>
        instance.waitForLog((line) => line.msg === "probe handler blocking" && line["key"] === "killed-job", 30_000).then(() => instance),
      ),
    );
    const holder = holderLine;
    await holder.kill9();
    const rows = await waitUntil(() => deliveries("killed-job"), (found) => count(found, "slow") >= 1, 45_000);
    const finished = rows.filter((row) => row.channel === "slow");
    expect(finished).toHaveLength(1);
    expect(instances.map((instance) => instance.running)).toContain(true);
    expect(finished[0]!.instance).not.toBe((await Bun.file(marker).text()).trim());
  }, 90_000);
});
