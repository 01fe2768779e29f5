import { describe, expect, test } from "bun:test";
import { call, implement } from "@orpc/server";
import { accessPair, proc } from "@checkstack/common";
import { z } from "zod";
import { autoAuthMiddleware } from "./auto-auth-middleware";
import { InputError, isDomainError } from "./errors";
import { createMockRpcContext } from "./mock-rpc-context";
import type { AccessDecider } from "./access-decider";
import type { RpcContext } from "./rpc-context";

const systems = accessPair("system", { read: { description: "Read systems" }, manage: { description: "Manage systems" } }, { idParam: "systemId" });
const SystemSchema = z.object({ id: z.string(), name: z.string() });

const contract = {
  open: proc({ userType: "anonymous" }).output(z.string()),
  publicRead: proc({ userType: "public", access: [systems.read] }).input(z.object({ systemId: z.string().optional() })).output(z.string()),
  userOnly: proc({ userType: "user" }).output(z.string()),
  serviceOnly: proc({ userType: "service" }).output(z.string()),
  anyAuthenticated: proc({}).output(z.string()),
  getSystem: proc({ userType: "user", access: [systems.read] })
    .input(z.object({ systemId: z.string().optional() }))
    .output(z.string()),
  listSystems: proc({ userType: "user", access: [systems.read], instanceAccess: { listKey: "systems" } }).output(
    z.object({ systems: z.array(SystemSchema) }),
  ),
  systemsById: proc({ userType: "user", access: [systems.read], instanceAccess: { recordKey: "byId" } }).output(
    z.object({ byId: z.record(z.string(), SystemSchema) }),
  ),
};

let handlerRuns = 0;
const os = implement(contract).$context<RpcContext>().use(autoAuthMiddleware);
const router = os.router({
  open: os.open.handler(() => "open"),
  publicRead: os.publicRead.handler(() => "public"),
  userOnly: os.userOnly.handler(() => "user"),
  serviceOnly: os.serviceOnly.handler(() => "service"),
  anyAuthenticated: os.anyAuthenticated.handler(() => "authenticated"),
  getSystem: os.getSystem.handler(({ input }) => {
    handlerRuns++;
    return input.systemId ?? "none";
  }),
  listSystems: os.listSystems.handler(() => ({
    systems: [
      { id: "s1", name: "one" },
      { id: "s2", name: "two" },
      { id: "s3", name: "three" },
    ],
  })),
  systemsById: os.systemsById.handler(() => ({
    byId: { s1: { id: "s1", name: "one" }, s2: { id: "s2", name: "two" } },
  })),
});

/** Holds "catalog.system.read" on s1 and s3 only. */
const partialAccess: AccessDecider = {
  allows: async ({ rules, resource }) =>
    rules.every((rule) => rule === "catalog.system.read") && (!resource || ["s1", "s3"].includes(resource.id)),
  permittedIds: async ({ ids }) => new Set(ids.filter((id) => id === "s1" || id === "s3")),
};

const anonymous = () => createMockRpcContext({ pluginId: "catalog" });
const user = (access: AccessDecider = partialAccess) => createMockRpcContext({ pluginId: "catalog", user: { id: "u1", roles: ["member"] }, access });
const service = () => createMockRpcContext({ pluginId: "catalog", principal: { type: "service", pluginId: "incidents" } });

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isDomainError(error) ? error.code : "NOT_A_DOMAIN_ERROR";
  }
}

describe("autoAuthMiddleware: who may call", () => {
  test("anonymous procedures admit everybody", async () => {
    expect(await call(router.open, undefined, { context: anonymous() })).toBe("open");
  });

  test("user procedures: anonymous is 401, a service is 403, a user passes", async () => {
    expect(await codeOf(call(router.userOnly, undefined, { context: anonymous() }))).toBe("UNAUTHORIZED");
    expect(await codeOf(call(router.userOnly, undefined, { context: service() }))).toBe("FORBIDDEN");
    expect(await call(router.userOnly, undefined, { context: user() })).toBe("user");
  });

  test("service procedures: only services", async () => {
    expect(await codeOf(call(router.serviceOnly, undefined, { context: anonymous() }))).toBe("UNAUTHORIZED");
    expect(await codeOf(call(router.serviceOnly, undefined, { context: user() }))).toBe("FORBIDDEN");
    expect(await call(router.serviceOnly, undefined, { context: service() })).toBe("service");
  });

  test("authenticated (the default) admits users and services, not anonymous callers", async () => {
    expect(await codeOf(call(router.anyAuthenticated, undefined, { context: anonymous() }))).toBe("UNAUTHORIZED");
    expect(await call(router.anyAuthenticated, undefined, { context: user() })).toBe("authenticated");
    expect(await call(router.anyAuthenticated, undefined, { context: service() })).toBe("authenticated");
  });

  test("public procedures check the rule for anonymous callers too", async () => {
    expect(await codeOf(call(router.publicRead, { systemId: "s1" }, { context: anonymous() }))).toBe("UNAUTHORIZED");
    const withPublicRule = createMockRpcContext({ pluginId: "catalog", access: partialAccess });
    expect(await call(router.publicRead, { systemId: "s1" }, { context: withPublicRule })).toBe("public");
  });
});

describe("autoAuthMiddleware: instance access", () => {
  test("idParam: the id is checked before the handler runs", async () => {
    handlerRuns = 0;
    expect(await call(router.getSystem, { systemId: "s1" }, { context: user() })).toBe("s1");
    expect(await codeOf(call(router.getSystem, { systemId: "s2" }, { context: user() }))).toBe("FORBIDDEN");
    expect(handlerRuns).toBe(1);
  });

  test("idParam: an input without the id is denied, never skipped", async () => {
    handlerRuns = 0;
    const everything: AccessDecider = { allows: async () => true, permittedIds: async ({ ids }) => new Set(ids) };
    expect(await codeOf(call(router.getSystem, {}, { context: user(everything) }))).toBe("FORBIDDEN");
    expect(await codeOf(call(router.getSystem, { systemId: "" }, { context: user(everything) }))).toBe("FORBIDDEN");
    expect(handlerRuns).toBe(0);
  });

  test("listKey: items the caller may not read are removed", async () => {
    const result = await call(router.listSystems, undefined, { context: user() });
    expect(result.systems.map((system) => system.id)).toEqual(["s1", "s3"]);
  });

  test("recordKey: keys the caller may not read are removed", async () => {
    const result = await call(router.systemsById, undefined, { context: user() });
    expect(Object.keys(result.byId)).toEqual(["s1"]);
  });

  test("rule ids are qualified with the serving plugin's id", async () => {
    const asked: string[] = [];
    const recording: AccessDecider = {
      allows: async ({ rules }) => {
        asked.push(...rules);
        return true;
      },
      permittedIds: async ({ ids }) => new Set(ids),
    };
    await call(router.getSystem, { systemId: "s9" }, { context: user(recording) });
    expect(asked).toEqual(["catalog.system.read"]);
  });
});

describe("autoAuthMiddleware: refusals say what is missing", () => {
  const nothing: AccessDecider = { allows: async () => false, permittedIds: async () => new Set() };
  const messageOf = (promise: Promise<unknown>) => promise.then(() => "", (error: Error) => error.message);

  test("a missing rule is named", async () => {
    expect(await messageOf(call(router.listSystems, undefined, { context: user(nothing) }))).toBe("requires access rule catalog.system.read");
  });

  test("a refused resource is named with the rule", async () => {
    expect(await messageOf(call(router.getSystem, { systemId: "s2" }, { context: user() }))).toBe(
      "No access to systemId s2: requires access rule catalog.system.read on it",
    );
  });

  test("an id the schema refuses is a 400 before the access check reads it", async () => {
    let asked = 0;
    const counting: AccessDecider = { allows: async () => (asked++, true), permittedIds: async ({ ids }) => new Set(ids) };
    const refused = await call(router.getSystem, { systemId: 42 } as never, { context: user(counting) }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).issues.map((issue) => issue.path)).toEqual(["systemId"]);
    expect(asked).toBe(0);
  });
});
