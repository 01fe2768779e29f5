import { describe, it, expect, mock } from "bun:test";
import { createMyFeatureRouter } from "./router";
import { createMockRpcContext, UnauthorizedError } from "@checkstack/backend-api";
import { call } from "@orpc/server";

describe("MyFeature Router", () => {
  // 1. Create a mock database instance
  const mockDb = {
    select: mock().mockReturnValue({
      from: mock().mockReturnValue([{ id: "1", name: "Test Item", description: null, createdAt: new Date(), updatedAt: new Date() }]),
    }),
  } as any;

  // 2. Initialize the router with the mock database
  const router = createMyFeatureRouter({ database: mockDb });

  it("getItems returns items", async () => {
    const context = createMockRpcContext({
      user: { id: "test-user", roles: ["admin"] },
    });

    // 3. Use 'call' from @orpc/server to execute the procedure
    const result = await call(router.getItems, undefined, { context });

    expect(Array.isArray(result)).toBe(true);
    expect(result[0]?.name).toBe("Test Item");
    expect(mockDb.select).toHaveBeenCalled();
  });

  it("refuses anonymous callers before the handler runs", async () => {
    mockDb.select.mockClear();
    const context = createMockRpcContext();
    const attempt = call(router.getItems, undefined, { context });
    await expect(attempt).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(attempt).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(mockDb.select).not.toHaveBeenCalled();
  });

  it("refuses a user without the rule", async () => {
    const context = createMockRpcContext({ user: { id: "u2", roles: ["viewer"] }, grants: { viewer: [] } });
    await expect(call(router.getItems, undefined, { context })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("admits a user whose role holds the rule, qualified with the plugin id", async () => {
    const context = createMockRpcContext({
      pluginId: "myfeature",
      user: { id: "u3", roles: ["viewer"] },
      grants: { viewer: ["myfeature.item.read"] },
    });
    const result = await call(router.getItems, undefined, { context });
    expect(result).toHaveLength(1);
    await expect(call(router.createItem, { name: "x" }, { context })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("rejects invalid input with the zod issue", async () => {
    const context = createMockRpcContext({ user: { id: "test-user", roles: ["admin"] } });
    await expect(call(router.createItem, { name: "" }, { context })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("countItems is for services only", async () => {
    const user = createMockRpcContext({ user: { id: "test-user", roles: ["admin"] } });
    await expect(call(router.countItems, undefined, { context: user })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
