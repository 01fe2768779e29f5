import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Pool } from "pg";
import { isDomainError, type DomainError } from "@checkstack/backend-api";
import type { AccessAdministration } from "@checkstack/backend-api";
import { useTestDatabase } from "../../testing/test-database";
import { createPlatformDatabase, migratePlatform } from "../../database/platform-database";
import { createAccessAdministration } from "./index";

const database = useTestDatabase();
let pool: Pool;
let admin: AccessAdministration;

const RULES = [
  { id: "demo.item.read", plugin_id: "demo", resource_type: "demo.item", level: "read", is_default: true, is_public: true },
  { id: "demo.item.manage", plugin_id: "demo", resource_type: "demo.item", level: "manage", is_default: false, is_public: false },
  { id: "demo.report.read", plugin_id: "demo", resource_type: null, level: null, is_default: true, is_public: false },
];

beforeAll(async () => {
  pool = new Pool({ connectionString: database.url, max: 4 });
  pool.on("error", () => undefined);
  await migratePlatform(pool);
  // The platform's SQL seeds these at boot; the test seeds them itself so it does not depend on sql/.
  await pool.query(`INSERT INTO checkstack.roles (id, name, is_system) VALUES
    ('admin', 'Administrators', true), ('users', 'Users', true), ('anonymous', 'Anonymous', true) ON CONFLICT DO NOTHING`);
  for (const rule of RULES) {
    await pool.query(
      `INSERT INTO checkstack.access_rules (id, plugin_id, resource_type, level, is_default, is_public) VALUES ($1, $2, $3, $4, $5, $6)`,
      [rule.id, rule.plugin_id, rule.resource_type, rule.level, rule.is_default, rule.is_public],
    );
  }
  // As the startup sync would: defaults to users, public rules to anonymous.
  await pool.query(`INSERT INTO checkstack.role_rules (role_id, rule_id) VALUES
    ('users', 'demo.item.read'), ('users', 'demo.report.read'), ('anonymous', 'demo.item.read')`);
  admin = createAccessAdministration(createPlatformDatabase(pool));
});

afterAll(async () => {
  await pool?.end();
});

async function errorOf(attempt: Promise<unknown>): Promise<DomainError> {
  try {
    await attempt;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

async function disabledDefaults(roleId: string): Promise<string[]> {
  const result = await pool.query<{ rule_id: string }>(
    "SELECT rule_id FROM checkstack.disabled_default_access_rule WHERE role_id = $1 ORDER BY rule_id",
    [roleId],
  );
  return result.rows.map((row) => row.rule_id);
}

describe("rules and roles", () => {
  test("lists the registered rules", async () => {
    const rules = await admin.listRules();
    expect(rules.map((rule) => rule.id)).toEqual(["demo.item.manage", "demo.item.read", "demo.report.read"]);
    expect(rules.find((rule) => rule.id === "demo.item.read")).toMatchObject({ pluginId: "demo", resourceType: "demo.item", isDefault: true, isPublic: true });
  });

  test("system roles come first; admin lists every rule", async () => {
    const roles = await admin.listRoles();
    expect(roles.slice(0, 3).map((role) => role.id)).toEqual(["admin", "anonymous", "users"]);
    expect(roles.find((role) => role.id === "admin")?.rules).toEqual(["demo.item.manage", "demo.item.read", "demo.report.read"]);
    expect(roles.find((role) => role.id === "users")?.rules).toEqual(["demo.item.read", "demo.report.read"]);
  });

  test("creates, renames and deletes a role; duplicates and bad ids are refused", async () => {
    const created = await admin.createRole({ id: "on-call", name: "On call" });
    expect(created).toMatchObject({ id: "on-call", name: "On call", isSystem: false, rules: [] });
    expect((await errorOf(admin.createRole({ id: "on-call", name: "Again" }))).code).toBe("CONFLICT");
    const badId = await errorOf(admin.createRole({ id: "On Call!", name: "x" }));
    expect(badId.code).toBe("BAD_REQUEST");
    expect(badId.message).toContain("role id");
    expect((await errorOf(admin.createRole({ id: "x", name: "  " }))).code).toBe("BAD_REQUEST");

    expect(await admin.updateRole("on-call", { description: "Pager holders" })).toMatchObject({ name: "On call", description: "Pager holders" });
    expect((await admin.updateRole("on-call", { description: null })).description).toBeNull();
    expect((await errorOf(admin.updateRole("nobody", { name: "x" }))).code).toBe("NOT_FOUND");

    await admin.deleteRole("on-call");
    expect((await errorOf(admin.deleteRole("on-call"))).code).toBe("NOT_FOUND");
  });

  test("system roles cannot be deleted", async () => {
    for (const id of ["admin", "users", "anonymous"]) {
      const error = await errorOf(admin.deleteRole(id));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toContain("system role");
    }
  });

  test("admin's rules are not editable", async () => {
    const error = await errorOf(admin.setRoleRules("admin", []));
    expect(error.code).toBe("CONFLICT");
  });

  test("unknown rule ids are refused by name", async () => {
    await admin.createRole({ id: "viewer", name: "Viewer" });
    const error = await errorOf(admin.setRoleRules("viewer", ["demo.item.read", "nope.one", "nope.two"]));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("nope.one");
    expect(error.message).toContain("nope.two");
    expect((await admin.setRoleRules("viewer", ["demo.item.read", "demo.item.read"])).rules).toEqual(["demo.item.read"]);
    expect(await disabledDefaults("viewer")).toEqual([]);
  });

  test("removing a default rule from users is remembered; adding it back forgets it", async () => {
    const removed = await admin.setRoleRules("users", ["demo.report.read"]);
    expect(removed.rules).toEqual(["demo.report.read"]);
    expect(await disabledDefaults("users")).toEqual(["demo.item.read"]);

    // A non-default rule added to users is a plain grant, not a default.
    await admin.setRoleRules("users", ["demo.report.read", "demo.item.manage"]);
    expect(await disabledDefaults("users")).toEqual(["demo.item.read"]);

    const restored = await admin.setRoleRules("users", ["demo.item.read", "demo.report.read"]);
    expect(restored.rules).toEqual(["demo.item.read", "demo.report.read"]);
    expect(await disabledDefaults("users")).toEqual([]);
  });

  test("removing a public rule from anonymous is remembered too", async () => {
    await admin.setRoleRules("anonymous", []);
    expect(await disabledDefaults("anonymous")).toEqual(["demo.item.read"]);
    await admin.setRoleRules("anonymous", ["demo.item.read"]);
    expect(await disabledDefaults("anonymous")).toEqual([]);
  });
});

describe("role assignments", () => {
  const alice = { type: "user" as const, id: "11111111-1111-4111-8111-111111111111" };

  test("sets, reads and replaces a subject's roles; users is implicit", async () => {
    await admin.setRoles(alice, ["viewer", "users", "admin"]);
    expect(await admin.rolesOf(alice)).toEqual(["admin", "viewer"]);
    await admin.setRoles(alice, ["viewer"]);
    expect(await admin.rolesOf(alice)).toEqual(["viewer"]);
  });

  test("unknown and unassignable roles are refused", async () => {
    const unknown = await errorOf(admin.setRoles(alice, ["viewer", "ghost"]));
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.message).toContain("ghost");
    expect((await errorOf(admin.setRoles(alice, ["anonymous"]))).code).toBe("BAD_REQUEST");
    expect((await errorOf(admin.setRoles({ type: "application", id: "a1" }, ["users"]))).code).toBe("BAD_REQUEST");
    expect((await errorOf(admin.setRoles({ type: "robot" as "user", id: "x" }, []))).code).toBe("BAD_REQUEST");
    expect(await admin.rolesOf(alice)).toEqual(["viewer"]);
  });

  test("deleting a role drops its assignments", async () => {
    await admin.createRole({ id: "temporary", name: "Temporary" });
    await admin.setRoles(alice, ["viewer", "temporary"]);
    await admin.deleteRole("temporary");
    expect(await admin.rolesOf(alice)).toEqual(["viewer"]);
  });
});

describe("teams", () => {
  const manager = { type: "user" as const, id: "22222222-2222-4222-8222-222222222222" };
  const member = { type: "user" as const, id: "33333333-3333-4333-8333-333333333333" };
  const app = { type: "application" as const, id: "44444444-4444-4444-8444-444444444444" };

  test("creates teams, manages members, and answers managesTeam from the tables", async () => {
    const team = await admin.createTeam({ name: "Payments", description: "Card processing" });
    expect(team.members).toEqual([]);
    expect((await errorOf(admin.createTeam({ name: "Payments" }))).code).toBe("CONFLICT");

    await admin.setTeamMember(team.id, { ...manager, isManager: true });
    await admin.setTeamMember(team.id, { ...member, isManager: false });
    await admin.setTeamMember(team.id, { ...app, isManager: false });
    const [listed] = (await admin.listTeams()).filter((entry) => entry.id === team.id);
    expect(listed?.members).toHaveLength(3);
    expect(await admin.teamsOf(member)).toEqual([team.id]);

    expect(await admin.managesTeam({ ...manager, roles: [] }, team.id)).toBe(true);
    expect(await admin.managesTeam({ ...member, roles: ["admin"] }, team.id)).toBe(false); // claimed roles do not count
    expect(await admin.managesTeam({ type: "anonymous" }, team.id)).toBe(false);
    expect(await admin.managesTeam({ ...manager, roles: [] }, "not-a-uuid")).toBe(false);

    const boss = { type: "user" as const, id: "55555555-5555-4555-8555-555555555555" };
    await admin.setRoles(boss, ["admin"]);
    expect(await admin.managesTeam({ ...boss, roles: [] }, team.id)).toBe(true);

    await admin.setTeamMember(team.id, { ...member, isManager: true });
    expect(await admin.managesTeam({ ...member, roles: [] }, team.id)).toBe(true);
    await admin.removeTeamMember(team.id, member);
    await admin.removeTeamMember(team.id, member); // idempotent
    expect(await admin.teamsOf(member)).toEqual([]);

    await admin.forgetSubject(app);
    expect(await admin.teamsOf(app)).toEqual([]);
  });

  test("bad and unknown team ids", async () => {
    expect((await errorOf(admin.deleteTeam("nope"))).code).toBe("BAD_REQUEST");
    expect((await errorOf(admin.deleteTeam("66666666-6666-4666-8666-666666666666"))).code).toBe("NOT_FOUND");
    expect((await errorOf(admin.setTeamMember("66666666-6666-4666-8666-666666666666", { ...member, isManager: false }))).code).toBe("NOT_FOUND");
  });
});

describe("resource grants", () => {
  test("grants, lists, updates and revokes; team-only flag", async () => {
    const team = await admin.createTeam({ name: "Grants team" });
    const resource = { resourceType: "demo.item", resourceId: "item-1" };
    await admin.grantResource({ ...resource, teamId: team.id, canRead: true, canManage: false });
    await admin.grantResource({ ...resource, teamId: team.id, canRead: true, canManage: true });
    expect(await admin.listResourceGrants(resource)).toEqual([{ ...resource, teamId: team.id, canRead: true, canManage: true }]);

    await admin.setTeamOnly(resource, true);
    const settings = await pool.query("SELECT team_only FROM checkstack.resource_settings WHERE resource_type = $1 AND resource_id = $2", [
      resource.resourceType,
      resource.resourceId,
    ]);
    expect(settings.rows[0]).toEqual({ team_only: true });

    await admin.revokeResource({ ...resource, teamId: team.id });
    expect(await admin.listResourceGrants(resource)).toEqual([]);

    await admin.deleteTeam(team.id);
  });

  test("refuses unknown resource types, empty grants and unknown teams", async () => {
    const team = await admin.createTeam({ name: "Refusals" });
    const unknownType = await errorOf(admin.grantResource({ resourceType: "demo.itme", resourceId: "1", teamId: team.id, canRead: true, canManage: false }));
    expect(unknownType.code).toBe("BAD_REQUEST");
    expect(unknownType.message).toContain("demo.itme");
    expect((await errorOf(admin.grantResource({ resourceType: "demo.item", resourceId: "1", teamId: team.id, canRead: false, canManage: false }))).code).toBe("BAD_REQUEST");
    expect(
      (await errorOf(admin.grantResource({ resourceType: "demo.item", resourceId: "1", teamId: "77777777-7777-4777-8777-777777777777", canRead: true, canManage: false })))
        .code,
    ).toBe("NOT_FOUND");
    expect((await errorOf(admin.setTeamOnly({ resourceType: "nope", resourceId: "1" }, true))).code).toBe("BAD_REQUEST");
  });
});

describe("audit", () => {
  beforeAll(async () => {
    // Rows as the audit trigger would write them; the trigger itself is the platform SQL's concern.
    for (let i = 0; i < 12; i++) {
      await pool.query(
        `INSERT INTO checkstack.audit_log (at, principal, schema_name, table_name, operation, new_row)
         VALUES (now() - make_interval(mins => $1), $2, 'plugin_demo', $3, 'INSERT', jsonb_build_object('n', $4::int))`,
        [12 - i, i % 2 === 0 ? "user:a" : "user:b", i % 3 === 0 ? "items" : "other", i],
      );
    }
  });

  test("newest first, filtered, paged by beforeId", async () => {
    const all = await admin.queryAudit({ schemaName: "plugin_demo" });
    expect(all.map((entry) => (entry.newRow as { n: number }).n)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);

    const page1 = await admin.queryAudit({ schemaName: "plugin_demo", limit: 5 });
    const page2 = await admin.queryAudit({ schemaName: "plugin_demo", limit: 5, beforeId: page1.at(-1)?.id });
    expect(page2.map((entry) => (entry.newRow as { n: number }).n)).toEqual([6, 5, 4, 3, 2]);

    const byPrincipal = await admin.queryAudit({ principal: "user:b", tableName: "items" });
    expect(byPrincipal.map((entry) => (entry.newRow as { n: number }).n)).toEqual([9, 3]);

    const recent = await admin.queryAudit({ schemaName: "plugin_demo", from: new Date(Date.now() - 3.5 * 60_000) });
    expect(recent.map((entry) => (entry.newRow as { n: number }).n)).toEqual([11, 10, 9]);
    const older = await admin.queryAudit({ schemaName: "plugin_demo", to: new Date(Date.now() - 10.5 * 60_000) });
    expect(older.map((entry) => (entry.newRow as { n: number }).n)).toEqual([1, 0]);
  });

  test("limits and ranges are checked", async () => {
    expect((await errorOf(admin.queryAudit({ limit: 501 }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(admin.queryAudit({ limit: 0 }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(admin.queryAudit({ from: new Date(2000), to: new Date(1000) }))).code).toBe("BAD_REQUEST");
    expect(await admin.queryAudit({ limit: 500 })).toHaveLength(12);
  });
});
