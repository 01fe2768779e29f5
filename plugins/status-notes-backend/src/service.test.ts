import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { fileURLToPath } from "node:url";
import { usePluginTestDatabase } from "@checkstack/test-utils";
import * as schema from "./schema";
import { StatusNotesService } from "./service";

// A fresh database with this plugin's drizzle/ migrations applied, as the platform applies them.
const testDatabase = usePluginTestDatabase({
  pluginId: "status-notes",
  pluginDir: fileURLToPath(new URL("..", import.meta.url)),
});

describe("StatusNotesService", () => {
  let pool: Pool | undefined;
  let service: StatusNotesService;

  beforeEach(async () => {
    pool ??= new Pool({ connectionString: testDatabase.url });
    const db = drizzle(pool, { schema });
    service = new StatusNotesService(db);
    await db.delete(schema.statusNotesItems);
  });

  afterAll(async () => {
    await pool?.end();
  });

  test("creates an item with a generated id", async () => {
    const item = await service.create({ name: "First", description: "The first one" });
    expect(item.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(item).toMatchObject({ name: "First", description: "The first one" });
  });

  test("keeps rows in the plugin's own schema", async () => {
    await service.create({ name: "kept" });
    const result = await pool!.query<{ name: string }>(`SELECT name FROM ${testDatabase.schema}.status_notes`);
    expect(result.rows.map((row) => row.name)).toEqual(["kept"]);
  });

  test("lists, reads, updates and deletes", async () => {
    const first = await service.create({ name: "one", description: "first" });
    await service.create({ name: "two" });
    expect((await service.list()).map((item) => item.name)).toEqual(["one", "two"]);
    expect((await service.get(first.id))?.name).toBe("one");

    const renamed = await service.update({ id: first.id, name: "uno" });
    expect(renamed).toMatchObject({ name: "uno", description: "first" });
    expect(renamed!.updatedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());
    expect(await service.update({ id: first.id, description: null })).toMatchObject({ name: "uno", description: null });

    expect(await service.delete(first.id)).toEqual({ deleted: true });
    expect(await service.delete(first.id)).toEqual({ deleted: false });
    expect(await service.get(first.id)).toBeNull();
  });

  test("update of a missing item gives null", async () => {
    expect(await service.update({ id: "3f1c2b9e-4d5a-4b6c-8d7e-9f0a1b2c3d4e", name: "nobody" })).toBeNull();
  });
});
