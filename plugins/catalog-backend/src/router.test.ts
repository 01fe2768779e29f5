import { beforeEach, describe, expect, it, mock } from "bun:test";
import { call, ORPCError } from "@orpc/server";
import { createMockRpcContext, NotFoundError, type AccessDecider } from "@checkstack/backend-api";
import type { System } from "@checkstack/catalog-common";
import { createCatalogRouter, type CatalogRouterDeps } from "./router";

const TEAM_A = "11111111-1111-4111-8111-111111111111";
const TEAM_B = "22222222-2222-4222-8222-222222222222";
const MISSING = "00000000-0000-4000-8000-000000000000";

function systemRow(id: string, name: string, ownerTeamId: string | null = null): System {
  const at = new Date("2025-01-01T00:00:00Z");
  return { id, name, description: null, ownerTeamId, links: [], metadata: {}, createdAt: at, updatedAt: at };
}

/** In-memory stand-ins for the services: the router's own logic is what is under test here. */
function fakeDeps() {
  const rows = new Map<string, System>();
  let next = 1;
  const systems = {
    list: mock(async () => ({ items: [...rows.values()], nextCursor: null })),
    get: mock(async (id: string) => rows.get(id) ?? null),
    getByIds: mock(async (ids: ReadonlyArray<string>) => ids.flatMap((id) => rows.get(id) ?? [])),
    create: mock(async (input: { name: string; ownerTeamId?: string | undefined }) => {
      const row = systemRow(`00000000-0000-4000-8000-00000000000${next++}`, input.name, input.ownerTeamId ?? null);
      rows.set(row.id, row);
      return row;
    }),
    update: mock(async (id: string, changes: Partial<System>) => {
      const row = rows.get(id);
      if (!row) return null;
      const updated = { ...row, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
      rows.set(id, updated);
      return updated;
    }),
    delete: mock(async (id: string) => {
      const row = rows.get(id) ?? null;
      rows.delete(id);
      return row;
    }),
  };
  const groups = {
    list: mock(async () => []),
    get: mock(async () => null),
    create: mock(async () => {
      throw new Error("not used");
    }),
    update: mock(async () => null),
    delete: mock(async () => false),
    addSystem: mock(async () => true),
    removeSystem: mock(async () => false),
    listSystems: mock(async (groupId: string) => {
      throw new NotFoundError(`No group with id ${groupId}`);
    }),
  };
  const ownership = {
    assertTeamExists: mock(async (teamId: string) => {
      if (teamId !== TEAM_A && teamId !== TEAM_B) throw new NotFoundError(`No team with id ${teamId}`);
    }),
    assign: mock(async () => undefined),
    transfer: mock(async () => undefined),
    setTeamOnly: mock(async () => undefined),
    forget: mock(async () => undefined),
  };
  const announce = mock(async () => undefined);
  const deps = { systems, groups, ownership, announce } as unknown as CatalogRouterDeps;
  return { rows, systems, groups, ownership, announce, router: createCatalogRouter(deps) };
}

const adminContext = () => createMockRpcContext({ pluginId: "catalog", user: { id: "admin", roles: ["admin"] } });
const viewerContext = (access?: AccessDecider) =>
  createMockRpcContext({
    pluginId: "catalog",
    user: { id: "viewer", roles: ["viewer"] },
    grants: { viewer: ["catalog.system.read", "catalog.group.read"] },
    ...(access ? { access } : {}),
  });

describe("catalog router", () => {
  let fake: ReturnType<typeof fakeDeps>;
  beforeEach(() => {
    fake = fakeDeps();
  });

  it("createSystem stores the system, grants its owner team and announces it once", async () => {
    const created = await call(
      fake.router.createSystem,
      { name: "  Payments API ", ownerTeamId: TEAM_A, teamOnly: true, links: [{ label: "Runbook", url: "https://runbook.example.com" }] },
      { context: adminContext() },
    );
    expect(created.name).toBe("Payments API");
    expect(fake.systems.create.mock.calls[0]?.[0]).toMatchObject({ name: "Payments API", links: [{ label: "Runbook" }], metadata: {} });
    expect(fake.ownership.assign).toHaveBeenCalledWith(created.id, TEAM_A, true);
    expect(fake.announce.mock.calls).toEqual([["systemCreated", { systemId: created.id, name: "Payments API" }]] as never);
  });

  it("createSystem refuses an unknown owner team before writing anything", async () => {
    const attempt = call(fake.router.createSystem, { name: "x", ownerTeamId: MISSING }, { context: adminContext() });
    await expect(attempt).rejects.toMatchObject({ code: "NOT_FOUND", message: `No team with id ${MISSING}` });
    expect(fake.systems.create).not.toHaveBeenCalled();
    expect(fake.announce).not.toHaveBeenCalled();
  });

  it("rejects bad input with the zod issue: invalid link URL, empty name, teamOnly without a team", async () => {
    const context = adminContext();
    const badUrl = call(fake.router.createSystem, { name: "x", links: [{ label: "x", url: "ftp://example.com" }] }, { context });
    await expect(badUrl).rejects.toBeInstanceOf(ORPCError);
    await expect(badUrl).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const refused = (await badUrl.catch((error: unknown) => error)) as ORPCError<string, unknown>;
    expect((refused.cause as { issues: Array<{ path: unknown[] }> }).issues[0]?.path).toEqual(["links", 0, "url"]);
    await expect(call(fake.router.createSystem, { name: " " }, { context })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(call(fake.router.createSystem, { name: "x", teamOnly: true }, { context })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(call(fake.router.createSystem, { name: "x", metadata: { tier: 1 } } as never, { context })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(fake.systems.create).not.toHaveBeenCalled();
  });

  it("getSystem and updateSystem answer NOT_FOUND for an unknown id, announcing nothing", async () => {
    await expect(call(fake.router.getSystem, { systemId: MISSING }, { context: adminContext() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(call(fake.router.updateSystem, { systemId: MISSING, name: "y" }, { context: adminContext() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(call(fake.router.deleteSystem, { systemId: MISSING }, { context: adminContext() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(fake.announce).not.toHaveBeenCalled();
  });

  it("updateSystem moves ownership and lifts team-only when the owner is dropped", async () => {
    const system = systemRow("33333333-3333-4333-8333-333333333333", "svc", TEAM_A);
    fake.rows.set(system.id, system);
    await call(fake.router.updateSystem, { systemId: system.id, ownerTeamId: TEAM_B }, { context: adminContext() });
    expect(fake.ownership.transfer).toHaveBeenLastCalledWith(system.id, TEAM_A, TEAM_B);
    expect(fake.ownership.setTeamOnly).not.toHaveBeenCalled();

    await call(fake.router.updateSystem, { systemId: system.id, ownerTeamId: null }, { context: adminContext() });
    expect(fake.ownership.transfer).toHaveBeenLastCalledWith(system.id, TEAM_B, null);
    expect(fake.ownership.setTeamOnly).toHaveBeenCalledWith(system.id, false);
    expect(fake.announce).toHaveBeenCalledTimes(2);

    const teamOnlyAlone = call(fake.router.updateSystem, { systemId: system.id, teamOnly: true }, { context: adminContext() });
    await expect(teamOnlyAlone).rejects.toMatchObject({ code: "BAD_REQUEST", message: "teamOnly needs an owner team: set ownerTeamId as well" });
  });

  it("deleteSystem forgets the grants and announces the deleted system by name", async () => {
    const system = systemRow("44444444-4444-4444-8444-444444444444", "gone", TEAM_A);
    fake.rows.set(system.id, system);
    expect(await call(fake.router.deleteSystem, { systemId: system.id }, { context: adminContext() })).toEqual({ deleted: true });
    expect(fake.ownership.forget).toHaveBeenCalledWith(system.id);
    expect(fake.announce.mock.calls).toEqual([["systemDeleted", { systemId: system.id, name: "gone" }]] as never);
  });

  it("refuses writes to callers without the manage rule, before the handler runs", async () => {
    const context = viewerContext();
    await expect(call(fake.router.createSystem, { name: "x" }, { context })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(call(fake.router.deleteSystem, { systemId: MISSING }, { context })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(fake.systems.create).not.toHaveBeenCalled();
    expect(fake.systems.delete).not.toHaveBeenCalled();
  });

  it("refuses single-system calls without the id before the access check: a 400 naming the field", async () => {
    await expect(call(fake.router.getSystem, {} as never, { context: viewerContext() })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("systemId") });
    expect(fake.systems.get).not.toHaveBeenCalled();
  });

  it("listSystems drops the systems the caller may not read (listKey)", async () => {
    fake.rows.set("s1", systemRow("s1", "visible"));
    fake.rows.set("s2", systemRow("s2", "hidden"));
    const decider: AccessDecider = {
      allows: async () => true,
      permittedIds: async ({ ids }) => new Set(ids.filter((id) => id === "s1")),
    };
    const result = await call(fake.router.listSystems, undefined, { context: viewerContext(decider) });
    expect(result.items.map((system) => system.name)).toEqual(["visible"]);
  });

  it("anonymous callers without the public rule are asked to sign in", async () => {
    await expect(call(fake.router.listSystems, undefined, { context: createMockRpcContext({ pluginId: "catalog" }) })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("getSystemsByIds is for other plugins only", async () => {
    await expect(call(fake.router.getSystemsByIds, { systemIds: [] }, { context: adminContext() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const service = createMockRpcContext({ pluginId: "catalog", principal: { type: "service", pluginId: "healthcheck" } });
    const result = await call(fake.router.getSystemsByIds, { systemIds: ["not-a-uuid"] }, { context: service }).catch((error: ORPCError<string, unknown>) => error.code);
    expect(result).toBe("BAD_REQUEST");
  });

  it("addSystemToGroup needs manage on the group and read on the system", async () => {
    const membership = { groupId: MISSING, systemId: MISSING };
    const groupManagerOnly = createMockRpcContext({
      pluginId: "catalog",
      user: { id: "g", roles: ["grouper"] },
      grants: { grouper: ["catalog.group.manage"] },
    });
    await expect(call(fake.router.addSystemToGroup, membership, { context: groupManagerOnly })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(fake.groups.addSystem).not.toHaveBeenCalled();
    expect(await call(fake.router.addSystemToGroup, membership, { context: adminContext() })).toEqual({ changed: true });
  });

  it("listGroupSystems passes the service's NOT_FOUND through", async () => {
    await expect(call(fake.router.listGroupSystems, { groupId: MISSING }, { context: viewerContext() })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: `No group with id ${MISSING}`,
    });
  });
});
