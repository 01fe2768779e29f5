import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { usePluginTestDatabase } from "@checkstack/test-utils";
import { GroupService } from "./group-service";
import * as schema from "./schema";
import { SystemService } from "./system-service";

// The catalog's migrations, applied to a fresh database as the platform applies them (no principal, no row security here).
const testDatabase = usePluginTestDatabase({
  pluginId: "catalog",
  pluginDir: fileURLToPath(new URL("..", import.meta.url)),
});

const TEAM = "11111111-1111-4111-8111-111111111111";
const MISSING = "00000000-0000-4000-8000-000000000000";

describe("SystemService and GroupService", () => {
  let pool: Pool | undefined;
  let systems: SystemService;
  let groups: GroupService;

  beforeEach(async () => {
    pool ??= new Pool({ connectionString: testDatabase.url });
    const db = drizzle(pool, { schema });
    systems = new SystemService(db);
    groups = new GroupService(db);
    await db.delete(schema.systemGroups);
    await db.delete(schema.systems);
    await db.delete(schema.groups);
  });

  afterAll(async () => {
    await pool?.end();
  });

  test("creates a system with links and metadata, in the plugin's own schema", async () => {
    const created = await systems.create({
      name: "Payments",
      ownerTeamId: TEAM,
      links: [{ label: "Runbook", url: "https://runbook.example.com" }],
      metadata: { tier: "1" },
    });
    expect(created).toMatchObject({ name: "Payments", description: null, ownerTeamId: TEAM, metadata: { tier: "1" } });
    expect(created.links).toEqual([{ label: "Runbook", url: "https://runbook.example.com" }]);
    expect(created.createdAt).toBeInstanceOf(Date);
    const stored = await pool!.query<{ name: string }>(`SELECT name FROM ${testDatabase.schema}.systems`);
    expect(stored.rows).toEqual([{ name: "Payments" }]);
  });

  test("a duplicate name, in any case, is a CONFLICT naming it", async () => {
    await systems.create({ name: "Payments", links: [], metadata: {} });
    const attempt = systems.create({ name: "PAYMENTS", links: [], metadata: {} });
    await expect(attempt).rejects.toMatchObject({ code: "CONFLICT", message: 'A system named "PAYMENTS" already exists' });
    const other = await systems.create({ name: "Search", links: [], metadata: {} });
    await expect(systems.update(other.id, { name: "payments" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("update changes only the fields given; null clears; unknown ids give null", async () => {
    const created = await systems.create({ name: "Search", description: "full text", ownerTeamId: TEAM, links: [], metadata: { a: "1" } });
    const renamed = await systems.update(created.id, { name: "Search v2" });
    expect(renamed).toMatchObject({ name: "Search v2", description: "full text", ownerTeamId: TEAM, metadata: { a: "1" } });
    expect(renamed!.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    expect(await systems.update(created.id, { description: null, ownerTeamId: null })).toMatchObject({ description: null, ownerTeamId: null });
    expect(await systems.update(MISSING, { name: "ghost" })).toBeNull();
  });

  test("lists in keyset pages by (name, id): every system once, bounded pages, a team's own, bad cursors refused", async () => {
    const OTHER = "22222222-2222-4222-8222-222222222222";
    for (let n = 0; n < 7; n++) await systems.create({ name: `sys ${n}`, ownerTeamId: n % 2 === 0 ? TEAM : OTHER, links: [], metadata: {} });
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await systems.list({ limit: 3, ...(cursor ? { cursor } : {}) });
      pageSizes.push(page.items.length);
      seen.push(...page.items.map((system) => system.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pageSizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(["sys 0", "sys 1", "sys 2", "sys 3", "sys 4", "sys 5", "sys 6"]);
    const team = await systems.list({ limit: 2, ownerTeamId: TEAM });
    expect(team.items.map((system) => system.name)).toEqual(["sys 0", "sys 2"]);
    const rest = await systems.list({ limit: 2, ownerTeamId: TEAM, cursor: team.nextCursor ?? "" });
    expect(rest).toMatchObject({ nextCursor: null });
    expect(rest.items.map((system) => system.name)).toEqual(["sys 4", "sys 6"]);
    await expect(systems.list({ limit: 2, cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  test("lists by name, reads by id and by ids, deletes once", async () => {
    const b = await systems.create({ name: "b", links: [], metadata: {} });
    const a = await systems.create({ name: "a", links: [], metadata: {} });
    expect((await systems.list({ limit: 500 })).items.map((system) => system.name)).toEqual(["a", "b"]);
    expect((await systems.get(a.id))?.name).toBe("a");
    expect(await systems.get(MISSING)).toBeNull();
    expect((await systems.getByIds([b.id, a.id, b.id, MISSING])).map((system) => system.name)).toEqual(["a", "b"]);
    expect(await systems.getByIds([])).toEqual([]);
    expect((await systems.delete(a.id))?.name).toBe("a");
    expect(await systems.delete(a.id)).toBeNull();
  });

  test("groups: unique names, membership added once, removed, and gone with either side", async () => {
    const group = await groups.create({ name: "Core", description: "the core" });
    await expect(groups.create({ name: "core" })).rejects.toMatchObject({ code: "CONFLICT" });
    const api = await systems.create({ name: "api", links: [], metadata: {} });
    const db = await systems.create({ name: "db", links: [], metadata: {} });

    expect(await groups.addSystem(group.id, api.id)).toBe(true);
    expect(await groups.addSystem(group.id, api.id)).toBe(false);
    expect(await groups.addSystem(group.id, db.id)).toBe(true);
    expect((await groups.listSystems(group.id)).map((system) => system.name)).toEqual(["api", "db"]);
    expect(await groups.removeSystem(group.id, db.id)).toBe(true);
    expect(await groups.removeSystem(group.id, db.id)).toBe(false);

    await systems.delete(api.id);
    expect(await groups.listSystems(group.id)).toEqual([]);
    expect(await groups.update(group.id, { description: null })).toMatchObject({ name: "Core", description: null });
    expect(await groups.delete(group.id)).toBe(true);
    expect(await groups.delete(group.id)).toBe(false);
  });

  test("membership changes name the missing side as NOT_FOUND", async () => {
    const group = await groups.create({ name: "Edge" });
    const system = await systems.create({ name: "cdn", links: [], metadata: {} });
    await expect(groups.addSystem(MISSING, system.id)).rejects.toMatchObject({ code: "NOT_FOUND", message: `No group with id ${MISSING}` });
    await expect(groups.addSystem(group.id, MISSING)).rejects.toMatchObject({ code: "NOT_FOUND", message: `No system with id ${MISSING}` });
    await expect(groups.listSystems(MISSING)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await groups.update(MISSING, { name: "x" })).toBeNull();
  });
});
