import { describe, expect, it, mock } from "bun:test";
import { call, ORPCError } from "@orpc/server";
import { createMockRpcContext } from "@checkstack/backend-api";
import { createStatusNotesRouter } from "./router";

const PLUGIN_ID = "status-notes";
const item = { id: "3f1c2b9e-4d5a-4b6c-8d7e-9f0a1b2c3d4e", name: "First", description: null, createdAt: new Date(), updatedAt: new Date() };

/** A stand-in for drizzle: list() ends in select().from().orderBy(), get() in select().from().where(). */
function mockDatabase(rows: unknown[]) {
  const from = mock(() => ({ orderBy: mock(async () => rows), where: mock(async () => rows) }));
  return { select: mock(() => ({ from })) } as any;
}

// Rule ids as the platform stores them: prefixed with the plugin id.
const READ = `${PLUGIN_ID}.item.read`;

const admin = () => createMockRpcContext({ pluginId: PLUGIN_ID, user: { id: "admin-1", roles: ["admin"] } });
const reader = () =>
  createMockRpcContext({ pluginId: PLUGIN_ID, user: { id: "reader-1", roles: ["viewer"] }, grants: { viewer: [READ] } });

describe("StatusNotes router", () => {
  it("getInfo answers anonymous callers", async () => {
    const router = createStatusNotesRouter({ database: mockDatabase([]) });
    const info = await call(router.getInfo, undefined, { context: createMockRpcContext({ pluginId: PLUGIN_ID }) });
    expect(info.pluginId).toBe(PLUGIN_ID);
  });

  it("list returns the items", async () => {
    const database = mockDatabase([item]);
    const router = createStatusNotesRouter({ database });
    const result = await call(router.list, undefined, { context: admin() });
    expect(result.items.map((entry) => entry.name)).toEqual(["First"]);
    expect(database.select).toHaveBeenCalled();
  });

  it("refuses anonymous callers before the handler runs", async () => {
    const database = mockDatabase([item]);
    const router = createStatusNotesRouter({ database });
    const attempt = call(router.list, undefined, { context: createMockRpcContext({ pluginId: PLUGIN_ID }) });
    await expect(attempt).rejects.toBeInstanceOf(ORPCError);
    await expect(attempt).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(database.select).not.toHaveBeenCalled();
  });

  it("refuses a user without the rule", async () => {
    const router = createStatusNotesRouter({ database: mockDatabase([item]) });
    const context = createMockRpcContext({ pluginId: PLUGIN_ID, user: { id: "u2", roles: ["viewer"] }, grants: { viewer: [] } });
    await expect(call(router.list, undefined, { context })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets a reader read one item but not change it", async () => {
    const router = createStatusNotesRouter({ database: mockDatabase([item]) });
    expect((await call(router.get, { id: item.id }, { context: reader() })).name).toBe("First");
    await expect(call(router.create, { name: "x" }, { context: reader() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(call(router.delete, { id: item.id }, { context: reader() })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("answers NOT_FOUND for an unknown id", async () => {
    const router = createStatusNotesRouter({ database: mockDatabase([]) });
    await expect(call(router.get, { id: item.id }, { context: admin() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("rejects invalid input with BAD_REQUEST", async () => {
    const router = createStatusNotesRouter({ database: mockDatabase([]) });
    await expect(call(router.create, { name: "" }, { context: admin() })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(call(router.get, { id: "not-a-uuid" }, { context: admin() })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
