/**
 * Generated from the contracts of every plugin the platform loaded: for each
 * procedure, callers lacking what its metadata demands get 401 or 403, and a
 * caller holding it gets neither. New procedures are probed without anyone
 * editing this file.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import type { AnyRouter } from "@orpc/server";
import { qualifyAccessRuleId, type ProcedureMetadata } from "@checkstack/common";
import type { Principal } from "@checkstack/backend-api";
import { procedures as contractProcedures } from "../server/src/access/contract-rules";
import { runInDbScope } from "../server/src/database/db-scope";
import { useInProcessPlatform } from "./support/in-process-platform";

const running = useInProcessPlatform();

interface ProbedProcedure {
  pluginId: string;
  path: string[];
  meta: ProcedureMetadata;
}

const principals = {
  anonymous: { type: "anonymous" } as Principal,
  admin: { type: "user", id: "probe-admin", roles: ["admin"] } as Principal,
  roleless: { type: "user", id: "probe-roleless", roles: [] } as Principal,
  application: { type: "application", id: "probe-app", roles: [] } as Principal,
  service: { type: "service", pluginId: "access-probe" } as Principal,
};

/** Input naming some id in every instance-access idParam, so access is decided on the id, not refused for lacking one. */
function probeInput(meta: ProcedureMetadata): Record<string, string> {
  const input: Record<string, string> = {};
  for (const entry of meta.access ?? []) {
    const idParam = meta.instanceAccess?.idParam ?? (typeof entry === "string" ? undefined : entry.instanceAccess?.idParam);
    if (idParam) input[idParam] = "00000000-0000-4000-8000-000000000000";
  }
  return input;
}

async function statusOf(procedure: ProbedProcedure, principal: Principal): Promise<string> {
  return statusWith(procedure, principal, probeInput(procedure.meta));
}

async function statusWith(procedure: ProbedProcedure, principal: Principal, input: unknown): Promise<string> {
  const client = running.platform.clientFor("access-probe").forPlugin({ pluginId: procedure.pluginId, contract: {} }, { actAs: "caller" });
  const target = procedure.path.reduce<any>((node, key) => node[key], client);
  return runInDbScope(running.platform.pool, { principal }, async () => {
    try {
      await target(input);
      return "ok";
    } catch (error) {
      return (error as { code?: string }).code ?? "error";
    }
  }).catch((error: { code?: string }) => error.code ?? "error");
}

/** Who must be refused (and how), and who must get past the access checks. */
function expectations(meta: ProcedureMetadata): { refused: Array<[keyof typeof principals, string]>; admitted: keyof typeof principals } {
  const userType = meta.userType ?? "authenticated";
  const hasRules = (meta.access ?? []).length > 0;
  switch (userType) {
    case "anonymous":
      return { refused: [], admitted: "anonymous" };
    case "public":
      return { refused: hasRules ? [["application", "FORBIDDEN"]] : [], admitted: "admin" };
    case "user":
      return { refused: [["anonymous", "UNAUTHORIZED"], ["service", "FORBIDDEN"], ["application", "FORBIDDEN"]], admitted: "admin" };
    case "service":
      return { refused: [["anonymous", "UNAUTHORIZED"], ["admin", "FORBIDDEN"], ["application", "FORBIDDEN"]], admitted: "service" };
    case "authenticated":
      return { refused: [["anonymous", "UNAUTHORIZED"], ...(hasRules ? ([["application", "FORBIDDEN"]] as Array<[keyof typeof principals, string]>) : [])], admitted: "admin" };
  }
}

let procedures: ProbedProcedure[] = [];

beforeAll(async () => {
  await running.platform.pool.query("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'probe-admin', 'admin')");
  procedures = running.platform.routers
    .pluginIds()
    .flatMap((pluginId) => [...contractProcedures(running.platform.routers.get(pluginId) as AnyRouter)].map((found) => ({ pluginId, ...found })));
});

describe("access probe over every loaded contract", () => {
  test("there is something to probe: every bundled plugin's procedures", () => {
    expect(procedures.length).toBeGreaterThan(5);
    expect(new Set(procedures.map((procedure) => procedure.pluginId))).toContain("myfeature");
  });

  test("callers lacking a procedure's requirements get 401 or 403; a caller holding them gets neither", async () => {
    const failures: string[] = [];
    for (const procedure of procedures) {
      const name = `${procedure.pluginId}.${procedure.path.join(".")}`;
      const { refused, admitted } = expectations(procedure.meta);
      for (const [who, code] of refused) {
        const got = await statusOf(procedure, principals[who]);
        if (got !== code) failures.push(`${name} as ${who}: expected ${code}, got ${got}`);
      }
      const got = await statusOf(procedure, principals[admitted]);
      if (got === "UNAUTHORIZED" || got === "FORBIDDEN") failures.push(`${name} as ${admitted}: refused with ${got}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  test("a user without roles is refused every rule that is not a default rule", async () => {
    const defaults = new Set(
      (await running.platform.pool.query<{ id: string }>("SELECT id FROM checkstack.access_rules WHERE is_default")).rows.map((row) => row.id),
    );
    const failures: string[] = [];
    for (const procedure of procedures) {
      const userType = procedure.meta.userType ?? "authenticated";
      if (userType !== "user" && userType !== "authenticated") continue;
      const rules = (procedure.meta.access ?? []).map((entry) => qualifyAccessRuleId(procedure.pluginId, typeof entry === "string" ? entry : entry.id));
      if (rules.length === 0 || rules.every((rule) => defaults.has(rule))) continue;
      const got = await statusOf(procedure, principals.roleless);
      if (got !== "FORBIDDEN") failures.push(`${procedure.pluginId}.${procedure.path.join(".")}: expected FORBIDDEN, got ${got}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);
});

describe("ids are case-insensitive at the boundary", () => {
  test("an upper-cased id gets the same answer as the lower-case one, for every caller", async () => {
    const client = (pluginId: string) => running.platform.clientFor("access-probe").forPlugin({ pluginId, contract: {} }, { actAs: "caller" }) as any;
    // A team-only system: callers outside the team are refused by the access check, whatever the id's case.
    const system = (await runInDbScope(running.platform.pool, { principal: principals.admin }, async () => {
      const team = (await client("auth").teams.create({ name: "case probe team" })) as { id: string };
      return client("catalog").createSystem({ name: "case probe", teamOnly: true, ownerTeamId: team.id });
    })) as { id: string };
    expect(system.id).toMatch(/[a-f]/);
    const differences: string[] = [];
    for (const procedure of procedures) {
      const input = probeInput(procedure.meta);
      const fields = Object.keys(input);
      if (fields.length === 0) continue;
      const lower = Object.fromEntries(fields.map((field) => [field, system.id]));
      const upper = Object.fromEntries(fields.map((field) => [field, system.id.toUpperCase()]));
      for (const who of ["anonymous", "roleless", "application"] as const) {
        const [a, b] = [await statusWith(procedure, principals[who], lower), await statusWith(procedure, principals[who], upper)];
        if (a !== b) differences.push(`${procedure.pluginId}.${procedure.path.join(".")} as ${who}: ${a} lower-case, ${b} upper-case`);
      }
    }
    expect(differences).toEqual([]);
  }, 60_000);
});
