/**
 * The plugin guide's example plugin (myfeature) is loaded only with
 * CHECKSTACK_EXAMPLE_PLUGINS=1; a production start retires one an earlier
 * start loaded (row disabled, rules and their role grants gone, data kept).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "pg";
import { useTestDatabase } from "@checkstack/test-utils";
import { createJsonLogger } from "../server/src/logging/json-logger";
import { bootPlatform } from "../server/src/platform";
import { readPlatformEnv } from "../server/src/platform-env";
import { callOverHttp } from "./support/in-process-platform";
import { newSecretKey } from "./support/platform-process";

let dataDir = "";
let pool: Pool;
const secretKey = newSecretKey();
// Before useTestDatabase: afterAll hooks run in declaration order, and the database is dropped in its own.
afterAll(async () => {
  await pool?.end();
  await rm(dataDir, { recursive: true, force: true });
});
const database = useTestDatabase();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "checkstack-examples-"));
  pool = new Pool({ connectionString: database.url, max: 2 });
});

/** Boots one in-process platform with the given switch, runs `check` against it, stops it. */
async function withPlatform(examples: string | undefined, check: (platform: Awaited<ReturnType<typeof bootPlatform>>) => Promise<void>) {
  const env = readPlatformEnv({
    DATABASE_URL: database.url,
    CHECKSTACK_DATA_DIR: dataDir,
    CHECKSTACK_SECRET_KEY: secretKey,
    DB_POOL_MAX: "4",
    LOG_LEVEL: "silent",
    ...(examples === undefined ? {} : { CHECKSTACK_EXAMPLE_PLUGINS: examples }),
  });
  const platform = await bootPlatform(env, createJsonLogger({ level: "silent" }));
  try {
    await check(platform);
  } finally {
    await platform.stop("test finished");
  }
}

const myfeatureState = async () => {
  const row = await pool.query<{ enabled: boolean }>("SELECT enabled FROM checkstack.plugins WHERE id = 'myfeature'");
  const rules = await pool.query<{ id: string }>("SELECT id FROM checkstack.access_rules WHERE plugin_id = 'myfeature' ORDER BY id");
  const grants = await pool.query<{ role_id: string; rule_id: string }>(
    "SELECT role_id, rule_id FROM checkstack.role_rules WHERE rule_id LIKE 'myfeature.%' ORDER BY role_id, rule_id",
  );
  return { enabled: row.rows[0]?.enabled, rules: rules.rows.map((rule) => rule.id), grants: grants.rows };
};

describe("CHECKSTACK_EXAMPLE_PLUGINS", () => {
  test("is off unless set to 1 or true", () => {
    expect(readPlatformEnv({}).examplePlugins).toBe(false);
    expect(readPlatformEnv({ CHECKSTACK_EXAMPLE_PLUGINS: "" }).examplePlugins).toBe(false);
    expect(readPlatformEnv({ CHECKSTACK_EXAMPLE_PLUGINS: "1" }).examplePlugins).toBe(true);
    expect(readPlatformEnv({ CHECKSTACK_EXAMPLE_PLUGINS: "true" }).examplePlugins).toBe(true);
    expect(() => readPlatformEnv({ CHECKSTACK_EXAMPLE_PLUGINS: "yes" })).toThrow("CHECKSTACK_EXAMPLE_PLUGINS");
  });

  test(
    "loads myfeature with the switch, retires it at a production start, and brings it back with the switch",
    async () => {
      await withPlatform("1", async (platform) => {
        expect(platform.runtime.isLoaded("myfeature")).toBe(true);
        expect((await callOverHttp(platform, "myfeature", "getPublicInfo", {})).status).toBe(200);
      });
      const loaded = await myfeatureState();
      expect(loaded.enabled).toBe(true);
      expect(loaded.rules).toEqual(["myfeature.item.manage", "myfeature.item.read"]);
      expect(loaded.grants).toEqual([{ role_id: "users", rule_id: "myfeature.item.read" }]);

      await withPlatform(undefined, async (platform) => {
        expect(platform.runtime.isLoaded("myfeature")).toBe(false);
        expect((await callOverHttp(platform, "myfeature", "getPublicInfo", {})).status).toBe(404);
        expect(platform.runtime.isLoaded("catalog")).toBe(true);
      });
      expect(await myfeatureState()).toEqual({ enabled: false, rules: [], grants: [] });
      // Retired, not deleted: the tables (and data) of an installation that used it stay.
      expect((await pool.query("SELECT to_regclass('plugin_myfeature.items') IS NOT NULL AS kept")).rows).toEqual([{ kept: true }]);

      await withPlatform("1", async (platform) => {
        expect(platform.runtime.isLoaded("myfeature")).toBe(true);
      });
      expect(await myfeatureState()).toEqual(loaded);
    },
    120_000,
  );
});
