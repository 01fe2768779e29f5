import { afterAll, beforeAll } from "bun:test";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import type { z } from "zod";
import type { AccessAdministration, ConfigDefinition, ConfigService } from "@checkstack/backend-api";
import { authAccessRuleList } from "@checkstack/auth-common";
import { createTestDatabase, type TestDatabase } from "@checkstack/test-utils";
import { bindTablesToSchema, createAccessAdministration, createPlatformDatabase, migrate, migratePlatform } from "@checkstack/server/testing/platform";
import { createApiKeyHasher, type ApiKeyHasher } from "./api-keys";
import { ApplicationService } from "./application-service";
import type { AuthDatabase } from "./database";
import { inline } from "./outside-request";
import { LoginRateLimiter, type RateLimitPolicy } from "./rate-limiter";
import type { AuthRouterDeps } from "./router";
import * as schema from "./schema";
import { SessionService } from "./session-service";
import { UserService } from "./user-service";

export const AUTH_SCHEMA = "plugin_auth";
const PLUGIN_DIR = fileURLToPath(new URL("..", import.meta.url));

/** An in-memory ConfigService: validates like the real one, stores nothing encrypted. */
export function createMemoryConfig(): ConfigService & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    async get<S extends z.ZodType>(definition: ConfigDefinition<S>) {
      return values.has(definition.key) ? (definition.schema.parse(values.get(definition.key)) as z.output<S>) : undefined;
    },
    async getRedacted(definition) {
      return values.get(definition.key);
    },
    async set(definition, value) {
      values.set(definition.key, definition.schema.parse(value));
    },
    async delete(definition) {
      values.delete(definition.key);
    },
    async keys() {
      return [...values.keys()];
    },
  };
}

export interface AuthTestStack extends AuthRouterDeps {
  pool: Pool;
  database: AuthDatabase;
  hasher: ApiKeyHasher;
  admin: AccessAdministration;
  config: ReturnType<typeof createMemoryConfig>;
}

/**
 * A fresh database with the platform's access tables (migrated, system roles
 * and the auth rules seeded as the platform's startup would) and the auth
 * plugin's schema, migrated from its drizzle folder. Queries run as the test's
 * login role, outside request scopes.
 */
export function useAuthTestStack(options: { limits?: RateLimitPolicy } = {}): { readonly current: AuthTestStack } {
  let database: TestDatabase | undefined;
  let stack: AuthTestStack | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    const pool = new Pool({ connectionString: database.url, max: 8 });
    pool.on("error", () => undefined);
    await migratePlatform(pool);
    await migrate(pool, { folder: `${PLUGIN_DIR}/drizzle`, bookkeepingTable: AUTH_SCHEMA, schema: AUTH_SCHEMA });
    await pool.query(`INSERT INTO checkstack.roles (id, name, is_system) VALUES
      ('admin', 'Administrators', true), ('users', 'Users', true), ('anonymous', 'Anonymous', true) ON CONFLICT DO NOTHING`);
    for (const rule of authAccessRuleList) {
      await pool.query(
        "INSERT INTO checkstack.access_rules (id, plugin_id, description, is_default) VALUES ($1, 'auth', $2, $3) ON CONFLICT DO NOTHING",
        [`auth.${rule.id}`, rule.description ?? null, rule.isDefault === true],
      );
    }
    // A resource type another plugin would declare, for grant tests.
    await pool.query(`INSERT INTO checkstack.access_rules (id, plugin_id, resource_type, level) VALUES
      ('demo.system.read', 'demo', 'demo.system', 'read'), ('demo.system.manage', 'demo', 'demo.system', 'manage') ON CONFLICT DO NOTHING`);
    // As in the platform: the plugin's tables are qualified with its schema.
    bindTablesToSchema(schema, AUTH_SCHEMA);
    const db: AuthDatabase = drizzle({ client: pool, schema });
    const hasher = createApiKeyHasher(Buffer.alloc(32, 7));
    const admin = createAccessAdministration(createPlatformDatabase(pool));
    stack = {
      pool,
      database: db,
      hasher,
      admin,
      // The in-process call the plugin makes as itself, made directly: the test's login is not held to row policies.
      asService: () => ({ users: { setRoles: async ({ userId, roles }) => admin.setRoles({ type: "user", id: userId }, roles) } }),
      config: createMemoryConfig(),
      users: new UserService(db),
      sessions: new SessionService(db),
      applications: new ApplicationService(db, hasher),
      limiter: new LoginRateLimiter(db, inline, options.limits),
    };
  });
  afterAll(async () => {
    await stack?.pool.end();
    await database?.drop();
  });
  return {
    get current(): AuthTestStack {
      if (!stack) throw new Error("the auth test stack is available once beforeAll has run");
      return stack;
    },
  };
}
