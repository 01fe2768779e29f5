import { afterAll, beforeAll, expect } from "bun:test";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "pg";
import { useTestDatabase } from "@checkstack/test-utils";
import { newSecretKey, postRpc, REPO_ROOT, usePlatforms, type ApiResponse, type PlatformProcess } from "./platform-process";

/** The `json` of an oRPC answer. */
export const output = <T>(response: ApiResponse): T => (response.body as { json: T }).json;

/** The plugin ids the platform recorded as installed in a plugins directory (its manifest). */
export function managedPluginIds(dir: string): string[] {
  const path = join(dir, "checkstack-plugins.json");
  if (!existsSync(path)) return [];
  return (JSON.parse(readFileSync(path, "utf8")) as { packages: Array<{ pluginId?: string }> }).packages.map((pkg) => pkg.pluginId ?? "?").sort();
}

/** What a test of runtime plugin administration across instances works with. */
export interface PluginAdminCluster {
  /** Inside the repository, so installed plugins resolve the platform's packages from its node_modules. */
  readonly pluginsRoot: string;
  /** A scratch folder for packed fixtures, removed after the file. */
  workDir(): string;
  /** An instance on the file's database with its own instance id and plugins directory. */
  startInstance(name: string, pluginsDir: string): Promise<PlatformProcess>;
  /** Signs in as the bootstrap admin on `instance` and creates the admin application whose key `admin` uses. */
  createOperatorKey(instance: PlatformProcess, applicationName: string): Promise<void>;
  /** The operator's API key (empty before createOperatorKey). */
  apiKey(): string;
  /** A call of the plugin admin API (`plugins/<procedure>`) with the operator's key. */
  admin(instance: PlatformProcess, procedure: string, input?: unknown): Promise<ApiResponse>;
  /** Rows read as the owner login (the platform's bookkeeping tables). */
  rows(text: string, values?: unknown[]): Promise<Array<Record<string, unknown>>>;
  /** A pool on the file's database (owner login), open once the file's beforeAll ran. */
  pool(): Pool;
}

/**
 * Registers the file's hooks for instances sharing one database, each with a plugins directory the
 * test chooses: the instances stop first, then the pool closes and the scratch folders go, then the
 * database is dropped (afterAll hooks run in declaration order).
 */
export function usePluginAdminCluster(label: string): PluginAdminCluster {
  const platforms = usePlatforms("all");
  let pool: Pool | undefined;
  let workDir = "";
  const pluginsRoot = join(REPO_ROOT, ".data", "test-fixtures", `${label}-${randomBytes(4).toString("hex")}`);
  afterAll(async () => {
    await pool?.end();
    await Promise.all([workDir ? rm(workDir, { recursive: true, force: true }) : undefined, rm(pluginsRoot, { recursive: true, force: true })]);
  });
  const database = useTestDatabase();
  const adminEmail = `${label}-admin@example.com`;
  const adminPassword = `${label}-admin-password-1`;
  const secretKey = newSecretKey();
  let apiKey = "";
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), `checkstack-${label}-`));
    pool = new Pool({ connectionString: database.url, max: 3 });
    pool.on("error", () => undefined);
  });
  const openPool = (): Pool => {
    if (!pool) throw new Error("the cluster's pool is used before its beforeAll ran");
    return pool;
  };

  return {
    pluginsRoot,
    workDir: () => workDir,
    pool: openPool,
    startInstance: (name, pluginsDir) =>
      platforms.start({
        databaseUrl: database.url,
        secretKey,
        env: { CHECKSTACK_INSTANCE_ID: name, CHECKSTACK_PLUGINS_DIR: pluginsDir, CHECKSTACK_ADMIN_EMAIL: adminEmail, CHECKSTACK_ADMIN_PASSWORD: adminPassword },
      }),
    createOperatorKey: async (instance, applicationName) => {
      const login = await postRpc(instance, "auth/session/login", { email: adminEmail, password: adminPassword });
      expect(login.status).toBe(200);
      const cookie = /checkstack_session=[^;]*/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
      const created = await postRpc(instance, "auth/applications/create", { name: applicationName, roles: ["admin"] }, { cookie });
      expect(created.status).toBe(200);
      apiKey = output<{ key: string }>(created).key;
    },
    apiKey: () => apiKey,
    admin: (instance, procedure, input) => postRpc(instance, `plugins/${procedure}`, input, { authorization: `Bearer ${apiKey}` }),
    rows: async (text, values = []) => (await openPool().query(text, values)).rows,
  };
}
