import { afterAll, beforeAll } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { useTestDatabase } from "@checkstack/test-utils";
import { createHttpApp } from "../../server/src/http/http-app";
import { createJsonLogger } from "../../server/src/logging/json-logger";
import { bootPlatform, type Platform } from "../../server/src/platform";
import { readPlatformEnv } from "../../server/src/platform-env";
import { readPluginPackage, type DiscoveredPlugin } from "../../server/src/plugin-runtime/plugin-discovery";
import { BOOT_BOUND_MS, newSecretKey } from "./platform-process";

const FIXTURES = fileURLToPath(new URL("../fixtures/plugins", import.meta.url));

/** A fixture plugin under tests/fixtures/plugins, as discovery would find it. */
export function fixturePlugin(name: string): DiscoveredPlugin {
  const found = readPluginPackage(join(FIXTURES, name), "test-fixture");
  if (!found) throw new Error(`${name} is not a fixture plugin`);
  return found;
}

/**
 * Boots a whole platform inside the test process on a fresh database (bundled
 * plugins included), for tests that need its internals; stops it after the
 * file, before the database is dropped.
 */
export function useInProcessPlatform(): { readonly platform: Platform; readonly databaseUrl: string } {
  let platform: Platform | undefined;
  let dataDir = "";
  afterAll(async () => {
    await platform?.stop("test finished");
    await rm(dataDir, { recursive: true, force: true });
  });
  const database = useTestDatabase();
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "checkstack-in-process-"));
    const env = readPlatformEnv({
      DATABASE_URL: database.url,
      CHECKSTACK_DATA_DIR: dataDir,
      CHECKSTACK_SECRET_KEY: newSecretKey(),
      DB_POOL_MAX: "4",
      LOG_LEVEL: "silent",
      // The tests exercise the guide's example plugin (myfeature); production leaves it off.
      CHECKSTACK_EXAMPLE_PLUGINS: "1",
    });
    // TEST_LOG_LEVEL=warn shows the platform's log while debugging a test.
    const level = env.logLevel === "silent" ? readPlatformEnv({ LOG_LEVEL: process.env["TEST_LOG_LEVEL"] }).logLevel : env.logLevel;
    platform = await bootPlatform(env, createJsonLogger({ level: process.env["TEST_LOG_LEVEL"] ? level : "silent" }));
  }, BOOT_BOUND_MS); // Booting every bundled plugin on a fresh database takes well over 30 s on a loaded 2-core machine.
  return {
    get platform(): Platform {
      if (!platform) throw new Error("the platform is only available once beforeAll has run");
      return platform;
    },
    get databaseUrl(): string {
      return database.url;
    },
  };
}

/** Calls a procedure through the platform's HTTP handler, as a client would. */
export async function callOverHttp(platform: Platform, pluginId: string, procedure: string, input: unknown, headers: Record<string, string> = {}) {
  const response = await platform.rpc.handle(
    new Request(`http://localhost/api/${pluginId}/${procedure}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ json: input }),
    }),
  );
  return { status: response.status, body: (await response.json()) as { json: unknown } };
}

/** The platform's HTTP app (RPC, plugin routes, readiness), for requests made in-process as a client would. */
export function httpAppOf(platform: Platform): ReturnType<typeof createHttpApp> {
  return createHttpApp({
    logger: createJsonLogger({ level: "silent" }),
    instanceId: "test",
    handleRpc: () => (incoming) => platform.rpc.handle(incoming),
    handlePluginRoute: () => platform.pluginRoutes,
    readiness: () => platform.readiness(),
  });
}

/** Gives the user `userId` the admin role. */
export async function grantAdminRole(platform: Platform, userId: string): Promise<void> {
  await platform.pool.query("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', $1, 'admin')", [userId]);
}
