/**
 * The catalog through the whole pipeline (middleware, SQL access decision,
 * row-level security, hooks), with real principals: team members, an admin,
 * anonymous visitors (who see nothing unless an admin publishes it), and
 * another plugin's service principal.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import type { Principal } from "@checkstack/backend-api";
import { CatalogApi, catalogAccessRuleList, catalogHooks, type SystemHookPayload } from "@checkstack/catalog-common";
import { qualifyAccessRuleId } from "@checkstack/common";
import { syncAccessRules } from "../server/src/access/access-rule-sync";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { callOverHttp, useInProcessPlatform } from "./support/in-process-platform";

const running = useInProcessPlatform();
const userA: Principal = { type: "user", id: "cat-a", roles: [] };
const userB: Principal = { type: "user", id: "cat-b", roles: [] };
const admin: Principal = { type: "user", id: "cat-admin", roles: ["admin"] };
const anonymous: Principal = { type: "anonymous" };

const team: Record<string, string> = {};
const ids: Record<string, string> = {};
const delivered: Array<{ hook: string } & SystemHookPayload> = [];

type CatalogClient = ReturnType<typeof catalogClient>;
const catalogClient = () => running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" });

/** Calls the catalog as `principal`, in one transaction, as a request would. */
function as<T>(principal: Principal, work: (client: CatalogClient) => Promise<T>): Promise<T> {
  return runInDbScope(running.platform.pool, { principal }, () => work(catalogClient()));
}
const errorCode = (promise: Promise<unknown>) => promise.then(() => "allowed", (error: { code?: string }) => error.code ?? String(error));
/** The names in a page ({ items }) or a plain list ({ systems }), sorted. */
const names = (list: { items: Array<{ name: string }> } | { systems: Array<{ name: string }> }) =>
  ("items" in list ? list.items : list.systems).map((system) => system.name).sort();
const sql = <R extends Record<string, unknown>>(text: string, values: unknown[] = []) => running.platform.pool.query<R>(text, values);

async function waitFor<T>(probe: () => T, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!done(probe()) && Date.now() < deadline) await Bun.sleep(50);
  return probe();
}

beforeAll(async () => {
  const { platform } = running;
  expect(platform.runtime.isLoaded("catalog")).toBe(true);

  // A subscriber standing in for the health-check plugin: broadcast, like most consumers of these hooks.
  for (const [key, hook] of Object.entries(catalogHooks)) {
    platform.hooks.subscribe("catalog-hook-probe", hook, (payload) => void delivered.push({ hook: key, ...payload }));
  }
  await platform.hooks.settle();

  await sql("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'cat-admin', 'admin')");
  const teams = await sql<{ id: string; name: string }>("INSERT INTO checkstack.teams (name) VALUES ('Team A'), ('Team B') RETURNING id, name");
  for (const row of teams.rows) team[row.name === "Team A" ? "A" : "B"] = row.id;
  await sql("INSERT INTO checkstack.team_members (team_id, principal_type, principal_id) VALUES ($1, 'user', 'cat-a'), ($2, 'user', 'cat-b')", [
    team["A"],
    team["B"],
  ]);

  const systems = [
    { name: "a-private", ownerTeamId: team["A"], teamOnly: true },
    { name: "b-private", ownerTeamId: team["B"], teamOnly: true },
    { name: "a-shared", ownerTeamId: team["A"] },
    { name: "open", links: [{ label: "Docs", url: "https://docs.example.com" }], metadata: { tier: "1" } },
  ];
  for (const input of systems) ids[input.name] = (await as(admin, (client) => client.createSystem(input))).id;
}, 30_000);

describe("who sees which systems", () => {
  test("a team member sees their team's team-only systems and every shared one; an admin sees all", async () => {
    const list = (principal: Principal) => as(principal, (client) => client.listSystems()).then(names);
    expect(await list(userA)).toEqual(["a-private", "a-shared", "open"]);
    expect(await list(userB)).toEqual(["a-shared", "b-private", "open"]);
    expect(await list(admin)).toEqual(["a-private", "a-shared", "b-private", "open"]);
  });

  test("nothing is public by default: anonymous callers get no system, not even a shared one (issue 12 item 10)", async () => {
    expect(await errorCode(as(anonymous, (client) => client.listSystems()))).toBe("UNAUTHORIZED");
    expect(await errorCode(as(anonymous, (client) => client.getSystem({ systemId: ids["open"]! })))).toBe("UNAUTHORIZED");
    expect(await errorCode(as(anonymous, (client) => client.listGroups()))).toBe("UNAUTHORIZED");
    const overHttp = await callOverHttp(running.platform, "catalog", "listSystems", undefined);
    expect(overHttp.status).toBe(401);
    const anonymousRules = await sql<{ rule_id: string }>("SELECT rule_id FROM checkstack.role_rules WHERE role_id = 'anonymous' AND rule_id LIKE 'catalog.%'");
    expect(anonymousRules.rows).toEqual([]);
  });

  test("once an admin publishes the rule to anonymous callers, they still never see team-only systems", async () => {
    await sql("INSERT INTO checkstack.role_rules (role_id, rule_id) VALUES ('anonymous', 'catalog.system.read')");
    try {
      expect(await as(anonymous, (client) => client.listSystems()).then(names)).toEqual(["a-shared", "open"]);
      expect(await errorCode(as(anonymous, (client) => client.getSystem({ systemId: ids["a-private"]! })))).toBe("UNAUTHORIZED");
      const open = await as(anonymous, (client) => client.getSystem({ systemId: ids["open"]! }));
      expect(open).toMatchObject({ name: "open", links: [{ label: "Docs", url: "https://docs.example.com" }], metadata: { tier: "1" } });
    } finally {
      await sql("DELETE FROM checkstack.role_rules WHERE role_id = 'anonymous' AND rule_id = 'catalog.system.read'");
    }
  });

  test("an installation that had the public defaults loses them at the next rule sync; an admin's later grants stay", async () => {
    const registered = catalogAccessRuleList.map((rule) => ({ ...rule, id: qualifyAccessRuleId("catalog", rule.id) }));
    // As main left it: read rules stored as public and granted to anonymous callers.
    await sql("UPDATE checkstack.access_rules SET is_public = true WHERE id IN ('catalog.system.read', 'catalog.group.read')");
    await sql("INSERT INTO checkstack.role_rules (role_id, rule_id) VALUES ('anonymous', 'catalog.system.read'), ('anonymous', 'catalog.group.read')");
    const anonymousCatalogRules = async () =>
      (await sql<{ rule_id: string }>("SELECT rule_id FROM checkstack.role_rules WHERE role_id = 'anonymous' AND rule_id LIKE 'catalog.%' ORDER BY rule_id")).rows.map(
        (row) => row.rule_id,
      );
    const sync = async () => {
      const client = await running.platform.pool.connect();
      try {
        await syncAccessRules(client, "catalog", registered);
      } finally {
        client.release();
      }
    };
    await sync();
    expect(await anonymousCatalogRules()).toEqual([]);
    expect((await sql("SELECT 1 FROM checkstack.role_rules WHERE role_id = 'users' AND rule_id = 'catalog.system.read'")).rowCount).toBe(1);
    // Published by an admin after the upgrade: the sync leaves it alone.
    await sql("INSERT INTO checkstack.role_rules (role_id, rule_id) VALUES ('anonymous', 'catalog.group.read')");
    await sync();
    expect(await anonymousCatalogRules()).toEqual(["catalog.group.read"]);
    await sql("DELETE FROM checkstack.role_rules WHERE role_id = 'anonymous' AND rule_id = 'catalog.group.read'");
  });

  test("another team's system is refused before the handler, for reads and writes alike", async () => {
    expect(await as(userA, (client) => client.getSystem({ systemId: ids["a-private"]! }))).toMatchObject({ name: "a-private" });
    expect(await errorCode(as(userA, (client) => client.getSystem({ systemId: ids["b-private"]! })))).toBe("FORBIDDEN");
    expect(await errorCode(as(userA, (client) => client.updateSystem({ systemId: ids["b-private"]!, description: "mine now" })))).toBe(
      "FORBIDDEN",
    );
    expect(await errorCode(as(userA, (client) => client.deleteSystem({ systemId: ids["b-private"]! })))).toBe("FORBIDDEN");
    expect(await as(admin, (client) => client.getSystem({ systemId: ids["b-private"]! }))).toMatchObject({ description: null });
  });

  test("the owner team may manage its system through its grant; without a grant, managing needs the rule", async () => {
    const updated = await as(userA, (client) => client.updateSystem({ systemId: ids["a-private"]!, description: "by team A" }));
    expect(updated.description).toBe("by team A");
    expect(await errorCode(as(userA, (client) => client.updateSystem({ systemId: ids["open"]!, description: "nope" })))).toBe("FORBIDDEN");
    expect(await errorCode(as(userA, (client) => client.createSystem({ name: "a-new" })))).toBe("FORBIDDEN");
  });

  test("row-level security alone hides and protects other teams' rows, with no handler involved", async () => {
    const seen = await runInDbScope(running.platform.pool, { principal: userA }, async () => {
      const client = await currentDbScope()!.client();
      const rows = await client.query<{ name: string }>("SELECT name FROM plugin_catalog.systems ORDER BY name");
      const foreign = await client.query("UPDATE plugin_catalog.systems SET description = 'x' WHERE id = $1", [ids["b-private"]]);
      const shared = await client.query("UPDATE plugin_catalog.systems SET description = 'x' WHERE id = $1", [ids["open"]]);
      return { names: rows.rows.map((row) => row.name), foreign: foreign.rowCount, shared: shared.rowCount };
    });
    expect(seen).toEqual({ names: ["a-private", "a-shared", "open"], foreign: 0, shared: 0 });
  });

  test("ownership is a platform grant on catalog.system (read + manage) plus the team-only setting", async () => {
    const grants = await sql("SELECT team_id, can_read, can_manage FROM checkstack.resource_grants WHERE resource_type = 'catalog.system' AND resource_id = $1", [
      ids["a-private"],
    ]);
    expect(grants.rows).toEqual([{ team_id: team["A"], can_read: true, can_manage: true }]);
    const settings = await sql("SELECT team_only FROM checkstack.resource_settings WHERE resource_type = 'catalog.system' AND resource_id = $1", [
      ids["a-private"],
    ]);
    expect(settings.rows).toEqual([{ team_only: true }]);
  });

  test("another plugin's service principal gets any systems by id", async () => {
    const service = running.platform.clientFor("healthcheck").forPlugin(CatalogApi);
    const found = await service.getSystemsByIds({ systemIds: [ids["a-private"]!, ids["b-private"]!, "00000000-0000-4000-8000-000000000000"] });
    expect(names(found)).toEqual(["a-private", "b-private"]);
    expect(await errorCode(as(admin, (client) => client.getSystemsByIds({ systemIds: [] })))).toBe("FORBIDDEN");
  });
});

describe("ownership changes", () => {
  test("moving a system to another team moves the grant; dropping the owner lifts team-only", async () => {
    const { id } = await as(admin, (client) => client.createSystem({ name: "moving", ownerTeamId: team["A"], teamOnly: true }));
    await as(admin, (client) => client.updateSystem({ systemId: id, ownerTeamId: team["B"] }));
    expect(await errorCode(as(userA, (client) => client.getSystem({ systemId: id })))).toBe("FORBIDDEN");
    expect(await as(userB, (client) => client.updateSystem({ systemId: id, description: "B's now" }))).toMatchObject({ ownerTeamId: team["B"] });

    await as(admin, (client) => client.updateSystem({ systemId: id, ownerTeamId: null }));
    expect(await as(userA, (client) => client.getSystem({ systemId: id }))).toMatchObject({ ownerTeamId: null });
    expect((await sql("SELECT 1 FROM checkstack.resource_grants WHERE resource_id = $1", [id])).rowCount).toBe(0);
  });

  test("teamOnly without an owner is refused; deleting a system removes its grants", async () => {
    expect(await errorCode(as(admin, (client) => client.updateSystem({ systemId: ids["open"]!, teamOnly: true })))).toBe("BAD_REQUEST");
    const { id } = await as(admin, (client) => client.createSystem({ name: "short-lived", ownerTeamId: team["B"] }));
    expect(await as(userB, (client) => client.deleteSystem({ systemId: id }))).toEqual({ deleted: true });
    expect((await sql("SELECT 1 FROM checkstack.resource_grants WHERE resource_id = $1", [id])).rowCount).toBe(0);
    expect(await errorCode(as(admin, (client) => client.getSystem({ systemId: id })))).toBe("NOT_FOUND");
  });
});

describe("bad input", () => {
  test("a duplicate name is a CONFLICT naming it, whatever its case, even when the other system is hidden", async () => {
    const duplicate = as(admin, (client) => client.createSystem({ name: "OPEN" }));
    await expect(duplicate).rejects.toMatchObject({ code: "CONFLICT", message: 'A system named "OPEN" already exists' });
    const hidden = as(admin, (client) => client.updateSystem({ systemId: ids["a-shared"]!, name: "b-private" }));
    await expect(hidden).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("unknown ids are NOT_FOUND; an invalid link URL is BAD_REQUEST naming the field", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(await errorCode(as(admin, (client) => client.getSystem({ systemId: missing })))).toBe("NOT_FOUND");
    expect(await errorCode(as(admin, (client) => client.updateSystem({ systemId: missing, name: "ghost" })))).toBe("NOT_FOUND");
    expect(await errorCode(as(admin, (client) => client.createSystem({ name: "orphan", ownerTeamId: missing })))).toBe("NOT_FOUND");

    const badLink = as(admin, (client) => client.createSystem({ name: "bad-link", links: [{ label: "x", url: "javascript:alert(1)" }] }));
    await expect(badLink).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Invalid input: links.0.url: links must be http(s) URLs" });
  });
});

describe("groups", () => {
  test("a group lists only the member systems each caller may read", async () => {
    const group = await as(admin, (client) => client.createGroup({ name: "Payments" }));
    for (const name of ["a-private", "b-private", "open"]) {
      expect(await as(admin, (client) => client.addSystemToGroup({ groupId: group.id, systemId: ids[name]! }))).toEqual({ changed: true });
    }
    expect(await as(admin, (client) => client.addSystemToGroup({ groupId: group.id, systemId: ids["open"]! }))).toEqual({ changed: false });
    const members = (principal: Principal) => as(principal, (client) => client.listGroupSystems({ groupId: group.id })).then(names);
    expect(await members(admin)).toEqual(["a-private", "b-private", "open"]);
    expect(await members(userA)).toEqual(["a-private", "open"]);
    expect(await errorCode(as(anonymous, (client) => client.listGroupSystems({ groupId: group.id })))).toBe("UNAUTHORIZED");

    expect(await errorCode(as(userA, (client) => client.addSystemToGroup({ groupId: group.id, systemId: ids["a-private"]! })))).toBe("FORBIDDEN");
    expect(await as(admin, (client) => client.removeSystemFromGroup({ groupId: group.id, systemId: ids["b-private"]! }))).toEqual({ changed: true });
    await expect(as(admin, (client) => client.createGroup({ name: "payments" }))).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await as(admin, (client) => client.deleteGroup({ groupId: group.id }))).toEqual({ deleted: true });
    expect(await errorCode(as(admin, (client) => client.listGroupSystems({ groupId: group.id })))).toBe("NOT_FOUND");
  });
});

describe("hooks", () => {
  test("each committed change is announced once; a refused or rolled-back change is not announced", async () => {
    const system = await as(admin, (client) => client.createSystem({ name: "announced" }));
    await as(admin, (client) => client.updateSystem({ systemId: system.id, description: "changed" }));
    await as(admin, (client) => client.deleteSystem({ systemId: system.id }));
    await errorCode(as(admin, (client) => client.createSystem({ name: "open" })));
    await runInDbScope(running.platform.pool, { principal: admin }, async () => {
      await catalogClient().createSystem({ name: "rolled-back" });
      throw new Error("roll back");
    }).catch(() => undefined);

    const forSystem = () => delivered.filter((event) => event.systemId === system.id);
    await waitFor(forSystem, (events) => events.length >= 3);
    await Bun.sleep(300); // room for a duplicate delivery to show up
    expect(forSystem().map((event) => event.hook)).toEqual(["systemCreated", "systemUpdated", "systemDeleted"]);
    expect(forSystem().every((event) => event.name === "announced")).toBe(true);
    expect(delivered.filter((event) => event.name === "rolled-back")).toEqual([]);

    const outbox = await sql<{ hook_id: string; n: number }>(
      "SELECT hook_id, count(*)::int AS n FROM checkstack.hook_outbox WHERE payload->>'systemId' = $1 GROUP BY hook_id ORDER BY hook_id",
      [system.id],
    );
    expect(outbox.rows).toEqual([
      { hook_id: "catalog.systemCreated", n: 1 },
      { hook_id: "catalog.systemDeleted", n: 1 },
      { hook_id: "catalog.systemUpdated", n: 1 },
    ]);
    const created = delivered.filter((event) => event.hook === "systemCreated").map((event) => event.name);
    expect(created.filter((name) => name === "open")).toHaveLength(1);
  });
});
