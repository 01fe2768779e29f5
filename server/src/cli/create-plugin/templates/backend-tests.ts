import { tsString, type FileMap, type TemplateContext } from "./context";

// A fixed, valid v4 UUID: inputs are validated as UUIDs before any handler runs.
const SAMPLE_ID = "3f1c2b9e-4d5a-4b6c-8d7e-9f0a1b2c3d4e";

function routerTest({ names }: TemplateContext): string {
  const id = tsString(names.pluginId);
  return `import { describe, expect, it, mock } from "bun:test";
import { call } from "@orpc/server";
import { createMockRpcContext, UnauthorizedError } from "@checkstack/backend-api";
import { create${names.pascal}Router } from "./router";
import type { Database } from "./service";

const PLUGIN_ID = ${id};
const item = { id: ${tsString(SAMPLE_ID)}, name: "First", description: null, createdAt: new Date(), updatedAt: new Date() };

/**
 * A stand-in for drizzle: getItems() ends in select().from().orderBy(), getItem() in select().from().where().
 * It has only what those queries call, so it is a Database to the type checker by assertion alone.
 */
function mockDatabase(rows: unknown[]): Database {
  const from = mock(() => ({ orderBy: mock(async () => rows), where: mock(async () => rows) }));
  const standIn = { select: mock(() => ({ from })) };
  return standIn as unknown as Database;
}

// Rule ids as the platform stores them: prefixed with the plugin id.
const READ = \`\${PLUGIN_ID}.item.read\`;

const admin = () => createMockRpcContext({ pluginId: PLUGIN_ID, user: { id: "admin-1", roles: ["admin"] } });
const reader = () =>
  createMockRpcContext({ pluginId: PLUGIN_ID, user: { id: "reader-1", roles: ["viewer"] }, grants: { viewer: [READ] } });

describe(${tsString(`${names.pascal} router`)}, () => {
  it("getPublicInfo answers anonymous callers", async () => {
    const router = create${names.pascal}Router({ database: mockDatabase([]) });
    const info = await call(router.getPublicInfo, undefined, { context: createMockRpcContext({ pluginId: PLUGIN_ID }) });
    expect(info.pluginId).toBe(PLUGIN_ID);
  });

  it("getItems returns the items", async () => {
    const database = mockDatabase([item]);
    const router = create${names.pascal}Router({ database });
    const result = await call(router.getItems, undefined, { context: admin() });
    expect(result.items.map((entry) => entry.name)).toEqual(["First"]);
    expect(database.select).toHaveBeenCalled();
  });

  it("refuses anonymous callers before the handler runs", async () => {
    const database = mockDatabase([item]);
    const router = create${names.pascal}Router({ database });
    const attempt = call(router.getItems, undefined, { context: createMockRpcContext({ pluginId: PLUGIN_ID }) });
    await expect(attempt).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(attempt).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(database.select).not.toHaveBeenCalled();
  });

  it("refuses a user without the rule", async () => {
    const router = create${names.pascal}Router({ database: mockDatabase([item]) });
    const context = createMockRpcContext({ pluginId: PLUGIN_ID, user: { id: "u2", roles: ["viewer"] }, grants: { viewer: [] } });
    await expect(call(router.getItems, undefined, { context })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets a reader read one item but not change it", async () => {
    const router = create${names.pascal}Router({ database: mockDatabase([item]) });
    expect((await call(router.getItem, { id: item.id }, { context: reader() })).name).toBe("First");
    await expect(call(router.createItem, { name: "x" }, { context: reader() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(call(router.deleteItem, { id: item.id }, { context: reader() })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("answers NOT_FOUND for an unknown id", async () => {
    const router = create${names.pascal}Router({ database: mockDatabase([]) });
    await expect(call(router.getItem, { id: item.id }, { context: admin() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("rejects invalid input with BAD_REQUEST", async () => {
    const router = create${names.pascal}Router({ database: mockDatabase([]) });
    await expect(call(router.createItem, { name: "" }, { context: admin() })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(call(router.getItem, { id: "not-a-uuid" }, { context: admin() })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
`;
}

function serviceTest({ names }: TemplateContext): string {
  const p = names.pascal;
  const table = `${names.camel}Items`;
  return `import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { fileURLToPath } from "node:url";
import { usePluginTestDatabase } from "@checkstack/test-utils";
import * as schema from "./schema";
import { ${p}Service } from "./service";

// A fresh database with this plugin's drizzle/ migrations applied, as the platform applies them.
const testDatabase = usePluginTestDatabase({
  pluginId: ${tsString(names.pluginId)},
  pluginDir: fileURLToPath(new URL("..", import.meta.url)),
});

describe(${tsString(`${p}Service`)}, () => {
  let pool: Pool | undefined;
  let service: ${p}Service;

  beforeEach(async () => {
    pool ??= new Pool({ connectionString: testDatabase.url });
    const db = drizzle(pool, { schema });
    service = new ${p}Service(db);
    await db.delete(schema.${table});
  });

  afterAll(async () => {
    await pool?.end();
  });

  test("creates an item with a generated id", async () => {
    const item = await service.createItem({ name: "First", description: "The first one" });
    expect(item.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(item).toMatchObject({ name: "First", description: "The first one" });
  });

  test("keeps rows in the plugin's own schema", async () => {
    await service.createItem({ name: "kept" });
    const result = await pool!.query<{ name: string }>(\`SELECT name FROM \${testDatabase.schema}.${names.snake}\`);
    expect(result.rows.map((row) => row.name)).toEqual(["kept"]);
  });

  test("lists, reads, updates and deletes", async () => {
    const first = await service.createItem({ name: "one", description: "first" });
    await service.createItem({ name: "two" });
    expect((await service.getItems()).map((item) => item.name)).toEqual(["one", "two"]);
    expect((await service.getItem(first.id))?.name).toBe("one");

    const renamed = await service.updateItem({ id: first.id, name: "uno" });
    expect(renamed).toMatchObject({ name: "uno", description: "first" });
    expect(renamed!.updatedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());
    expect(await service.updateItem({ id: first.id, description: null })).toMatchObject({ name: "uno", description: null });

    expect(await service.deleteItem(first.id)).toEqual({ deleted: true });
    expect(await service.deleteItem(first.id)).toEqual({ deleted: false });
    expect(await service.getItem(first.id)).toBeNull();
  });

  test("update of a missing item gives null", async () => {
    expect(await service.updateItem({ id: ${tsString(SAMPLE_ID)}, name: "nobody" })).toBeNull();
  });
});
`;
}

function indexTest({ names }: TemplateContext): string {
  return `import { describe, expect, test } from "bun:test";
import type { RegistrationEnv } from "@checkstack/backend-api";
import { accessRuleList } from "${names.commonPackage}";
import plugin from "./index";

describe(${tsString(`${names.pascal} backend`)}, () => {
  test("exports the plugin", () => {
    expect(plugin.pluginId).toBe(${tsString(names.pluginId)});
    expect(plugin.register).toBeFunction();
  });

  test("registers its access rules and an init", () => {
    const rules: unknown[] = [];
    let inits = 0;
    const env = {
      pluginId: plugin.pluginId,
      registerAccessRules: (list: unknown[]) => rules.push(...list),
      registerInit: () => {
        inits += 1;
      },
    } as unknown as RegistrationEnv;
    plugin.register(env);
    expect(rules).toEqual(accessRuleList);
    expect(inits).toBe(1);
  });
});
`;
}

export function renderBackendTests(context: TemplateContext): FileMap {
  return {
    "src/router.test.ts": routerTest(context),
    "src/service.test.ts": serviceTest(context),
    "src/index.test.ts": indexTest(context),
  };
}
