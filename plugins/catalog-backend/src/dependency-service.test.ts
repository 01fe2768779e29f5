import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { usePluginTestDatabase } from "@checkstack/test-utils";
import { DependencyService } from "./dependency-service";
import { GroupService } from "./group-service";
import * as schema from "./schema";
import { SystemService } from "./system-service";

const testDatabase = usePluginTestDatabase({ pluginId: "catalog", pluginDir: fileURLToPath(new URL("..", import.meta.url)) });

describe("DependencyService", () => {
  let pool: Pool | undefined;
  let systems: SystemService;
  let dependencies: DependencyService;
  let groups: GroupService;

  beforeEach(async () => {
    pool ??= new Pool({ connectionString: testDatabase.url });
    const db = drizzle(pool, { schema });
    systems = new SystemService(db);
    groups = new GroupService(db);
    dependencies = new DependencyService(db);
    await db.delete(schema.systemDependencies);
    await db.delete(schema.systemGroups);
    await db.delete(schema.systems);
    await db.delete(schema.groups);
  });

  afterAll(async () => {
    await pool?.end();
  });

  const create = async (name: string) => (await systems.create({ name, links: [], metadata: {} })).id;

  test("walks dependencies transitively both ways, with the weakest impact on the path", async () => {
    const [db, api, web, cdn] = [await create("db"), await create("api"), await create("web"), await create("cdn")];
    await dependencies.add(api, db, "critical");
    await dependencies.add(web, api, "critical");
    await dependencies.add(cdn, web, "degraded");
    const fromDb = await dependencies.related(db);
    expect(fromDb.upstream).toEqual([]);
    expect(fromDb.downstream).toEqual([
      { systemId: api, name: "api", impact: "critical", depth: 1 },
      { systemId: web, name: "web", impact: "critical", depth: 2 },
      { systemId: cdn, name: "cdn", impact: "degraded", depth: 3 },
    ]);
    const fromCdn = await dependencies.related(cdn);
    expect(fromCdn.upstream.map((entry) => [entry.name, entry.impact, entry.depth])).toEqual([
      ["web", "degraded", 1],
      ["api", "degraded", 2],
      ["db", "degraded", 3],
    ]);
  });

  test("refuses a direct or transitive cycle and a self-dependency, naming the field", async () => {
    const [a, b, c] = [await create("a"), await create("b"), await create("c")];
    await dependencies.add(a, b, "critical");
    await dependencies.add(b, c, "critical");
    await expect(dependencies.add(c, a, "critical")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("dependsOnSystemId") });
    await expect(dependencies.add(b, a, "critical")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("cycle") });
    await expect(dependencies.add(a, a, "critical")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("dependsOnSystemId") });
    await expect(dependencies.add(a, "00000000-0000-4000-8000-000000000000", "critical")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Re-adding changes the impact instead of failing.
    expect((await dependencies.add(a, b, "degraded")).impact).toBe("degraded");
    expect(await dependencies.remove(a, b)).toBe(true);
    expect(await dependencies.remove(a, b)).toBe(false);
    await dependencies.add(c, a, "critical");
  });

  test("contexts give name, owner, groups and both directions; a deleted system takes its edges along", async () => {
    const [db, api] = [await create("db"), await create("api")];
    const group = await groups.create({ name: "backend" });
    await groups.addSystem(group.id, api);
    await dependencies.add(api, db, "critical");
    const [context] = await dependencies.contexts([api]);
    expect(context).toMatchObject({ systemId: api, name: "api", ownerTeamId: null, groupIds: [group.id] });
    expect(context?.upstream.map((entry) => entry.name)).toEqual(["db"]);
    await systems.delete(db);
    expect((await dependencies.related(api)).upstream).toEqual([]);
  });
});
