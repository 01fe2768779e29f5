import { describe, expect, test, beforeEach, afterAll } from "bun:test";
import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { fileURLToPath } from "node:url";
import { usePluginTestDatabase } from "@checkstack/test-utils";
import * as schema from "./schema";
import { MyFeatureService } from "./service";

const testDatabase = usePluginTestDatabase({
  pluginId: "myfeature",
  pluginDir: fileURLToPath(new URL("..", import.meta.url)),
});

describe("MyFeatureService", () => {
  let pool: Pool | undefined;
  let db: ReturnType<typeof drizzle<typeof schema>>;
  let service: MyFeatureService;

  beforeEach(async () => {
    pool ??= new Pool({ connectionString: testDatabase.url });
    db = drizzle(pool, { schema });
    service = new MyFeatureService(db);

    // Clean up
    await db.delete(schema.myItems);
  });

  afterAll(async () => {
    await pool?.end();
  });

  test("creates item", async () => {
    const item = await service.createItem({
      name: "Test Item",
      description: "Test Description",
    });

    expect(item.name).toBe("Test Item");
    expect(item.id).toBeDefined();
  });

  test("stores the row in the plugin's own schema", async () => {
    await service.createItem({ name: "kept" });
    const result = await pool!.query<{ name: string }>(`SELECT name FROM ${testDatabase.schema}.items`);
    expect(result.rows.map((row) => row.name)).toEqual(["kept"]);
  });

  test("lists, reads, counts and deletes", async () => {
    const first = await service.createItem({ name: "one" });
    await service.createItem({ name: "two", description: "second" });
    expect((await service.getItems()).map((item) => item.name).sort()).toEqual(["one", "two"]);
    expect((await service.getItem(first.id))?.name).toBe("one");
    expect(await service.countItems()).toEqual({ count: 2 });
    expect(await service.deleteItem(first.id)).toEqual({ deleted: true });
    expect(await service.deleteItem(first.id)).toEqual({ deleted: false });
    expect(await service.getItem(first.id)).toBeNull();
  });
});
