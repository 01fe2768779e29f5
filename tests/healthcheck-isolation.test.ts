/**
 * Issue 12, items 1, 2 and 9: health data of a system is exactly as visible as
 * the system (row security on every system-keyed health-check table, the same
 * SQL decision the catalog uses), attaching to or configuring a system needs
 * manage access to it, and run messages and check ids reach only callers who
 * may read the check (anonymous callers never get run messages).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Principal } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";
import { HealthcheckApi } from "@checkstack/healthcheck-common";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { useInProcessPlatform } from "./support/in-process-platform";
import { waitUntil } from "./support/poll";

const running = useInProcessPlatform();
const admin: Principal = { type: "user", id: "iso-admin", roles: ["admin"] };
const userA: Principal = { type: "user", id: "iso-a", roles: [] };
const userB: Principal = { type: "user", id: "iso-b", roles: [] };
const anonymous: Principal = { type: "anonymous" };

// Always fails, quoting where it was asked: the run message is what must not leak.
const target = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("internal detail", { status: 500 }) });
afterAll(() => target.stop(true));

const as = <T>(principal: Principal, work: () => Promise<T>) => runInDbScope(running.platform.pool, { principal }, work);
const healthcheck = () => running.platform.clientFor("test").forPlugin(HealthcheckApi, { actAs: "caller" });
const catalog = () => running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" });
const sql = (text: string, values: unknown[] = []) => running.platform.pool.query(text, values);
const errorCode = (promise: Promise<unknown>) => promise.then(() => "allowed", (error: { code?: string }) => error.code ?? String(error));

const system: Record<string, string> = {};
const check: Record<string, string> = {};
const range = () => ({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) });
const httpCheck = (name: string, systemIds: string[]) => ({
  name,
  strategyId: "http",
  config: { url: `http://127.0.0.1:${target.port}/${name}` },
  intervalSeconds: 1,
  timeoutMs: 500,
  systemIds,
});

beforeAll(async () => {
  await sql("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'iso-admin', 'admin')");
  const teams = await sql("INSERT INTO checkstack.teams (name) VALUES ('Iso A'), ('Iso B') RETURNING id, name");
  const team = Object.fromEntries(teams.rows.map((row: { id: string; name: string }) => [row.name, row.id]));
  await sql("INSERT INTO checkstack.team_members (team_id, principal_type, principal_id) VALUES ($1, 'user', 'iso-a'), ($2, 'user', 'iso-b')", [
    team["Iso A"],
    team["Iso B"],
  ]);
  // Both users may manage health checks (the rule), but only their own team's systems (the grants).
  await sql("INSERT INTO checkstack.roles (id, name) VALUES ('iso-checkers', 'Check managers')");
  await sql("INSERT INTO checkstack.role_rules (role_id, rule_id) VALUES ('iso-checkers', 'healthcheck.check.manage')");
  await sql("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'iso-a', 'iso-checkers'), ('user', 'iso-b', 'iso-checkers')");

  for (const [name, input] of [
    ["aPrivate", { name: "iso a-private", ownerTeamId: team["Iso A"], teamOnly: true }],
    ["bPrivate", { name: "iso b-private", ownerTeamId: team["Iso B"], teamOnly: true }],
    ["open", { name: "iso open" }],
  ] as const) {
    system[name] = (await as(admin, () => catalog().createSystem(input))).id;
  }
  check["b"] = (await as(admin, () => healthcheck().createCheck(httpCheck("b-only", [system["bPrivate"]!])))).id;
  // Not team-only itself, but on a team-only system too: that system's id must not show to others.
  check["spread"] = (await as(admin, () => healthcheck().createCheck(httpCheck("spread", [system["open"]!, system["bPrivate"]!])))).id;
  check["open"] = (await as(admin, () => healthcheck().createCheck(httpCheck("open-only", [system["open"]!])))).id;

  const ran = (systemId: string, count: number) =>
    waitUntil(
      () => as(admin, () => healthcheck().getSystemStatus({ systemId })),
      (status) => status.checks.filter((entry) => entry.lastRunAt !== null).length >= count,
      15_000,
    );
  await ran(system["bPrivate"]!, 2);
  await ran(system["open"]!, 2);
  const { refreshRollups } = await import("../plugins/healthcheck-backend/src/results/maintenance");
  const { createPluginDatabase } = await import("../server/src/database/plugin-database");
  const schema = await import("../plugins/healthcheck-backend/src/schema");
  await refreshRollups(createPluginDatabase(running.platform.pool, { pluginId: "healthcheck", schemaName: "plugin_healthcheck" }, schema));
}, 40_000);

describe("item 1: health data of a team-only system is as visible as the system", () => {
  test("its status, checks and run messages reach neither anonymous callers nor other teams", async () => {
    for (const principal of [anonymous, userA]) {
      const status = await as(principal, () => healthcheck().getSystemStatus({ systemId: system["bPrivate"]! }));
      expect(status).toMatchObject({ status: "unknown", since: null, checks: [] });
    }
    const own = await as(userB, () => healthcheck().getSystemStatus({ systemId: system["bPrivate"]! }));
    expect(own.status).not.toBe("unknown");
    expect(own.checks.map((entry) => entry.checkId).sort()).toEqual([check["b"]!, check["spread"]!].sort());
  });

  test("history, aggregates and availability are empty for other teams, full for the owner team", async () => {
    const systemId = system["bPrivate"]!;
    expect(await as(userA, () => healthcheck().getSystemHistory({ systemId, ...range(), limit: 100 }))).toEqual([]);
    expect(await as(userA, () => healthcheck().getSystemAggregates({ systemId, ...range(), granularity: "hourly" }))).toEqual([]);
    for (const principal of [anonymous, userA]) {
      const [availability] = await as(principal, () => healthcheck().getAvailability({ systemIds: [systemId] }));
      expect(availability).toEqual({ systemId, last24h: null, last7d: null, last30d: null, last90d: null });
    }
    expect((await as(userB, () => healthcheck().getSystemHistory({ systemId, ...range(), limit: 100 }))).length).toBeGreaterThan(0);
    expect((await as(userB, () => healthcheck().getSystemAggregates({ systemId, ...range(), granularity: "hourly" }))).length).toBeGreaterThan(0);
    const [owned] = await as(userB, () => healthcheck().getAvailability({ systemIds: [systemId] }));
    expect(owned?.last24h).toBe(0);
  });

  test("row security itself hides the rows, with no handler involved", async () => {
    const tables = ["check_systems", "schedule", "runs", "check_state", "system_status", "rollups_hourly"];
    const counts = (principal: Principal) =>
      as(principal, async () => {
        const client = await currentDbScope()!.client();
        const seen: Record<string, number> = {};
        for (const table of tables) {
          const result = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM plugin_healthcheck.${table} WHERE system_id = $1`, [
            system["bPrivate"],
          ]);
          seen[table] = result.rows[0]!.n;
        }
        return seen;
      });
    expect(Object.values(await counts(userA))).toEqual(tables.map(() => 0));
    expect(Object.values(await counts(userB)).every((n) => n > 0)).toBe(true);
  });

  test("the public status page does not list a team-only system", async () => {
    const page = await as(anonymous, () => healthcheck().getPublicStatus());
    expect(page.systems.map((entry) => entry.systemId)).not.toContain(system["bPrivate"]);
  });
});

describe("item 2: attaching to or configuring a system needs manage access to it", () => {
  test("another team's system: createCheck, updateCheck and setSystemThresholds are 403", async () => {
    const bPrivate = system["bPrivate"]!;
    const sneaky = as(userA, () => healthcheck().createCheck(httpCheck("sneaky", [bPrivate])));
    await expect(sneaky).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining(`systemIds: attaching checks to or configuring system ${bPrivate}`) });
    expect(await errorCode(as(userA, () => healthcheck().setSystemThresholds({ systemId: bPrivate, thresholds: { degradedAfter: 9, unhealthyAfter: 9 } })))).toBe(
      "FORBIDDEN",
    );
    const own = await as(userA, () => healthcheck().createCheck(httpCheck("mine", [system["aPrivate"]!])));
    expect(own.systemIds).toEqual([system["aPrivate"]!]);
    expect(await errorCode(as(userA, () => healthcheck().updateCheck({ checkId: own.id, systemIds: [system["aPrivate"]!, bPrivate] })))).toBe("FORBIDDEN");
    expect(await as(userA, () => healthcheck().setSystemThresholds({ systemId: system["aPrivate"]!, thresholds: { degradedAfter: 1, unhealthyAfter: 3 } }))).toEqual({
      systemId: system["aPrivate"]!,
    });
    // Row security refuses the same writes with no handler involved.
    for (const statement of [
      "INSERT INTO plugin_healthcheck.system_thresholds (system_id, thresholds) VALUES ($1, '{}')",
      `INSERT INTO plugin_healthcheck.check_systems (check_id, system_id) VALUES ('${own.id}', $1)`,
    ]) {
      const raw = await as(userA, async () => {
        const client = await currentDbScope()!.client();
        return client.query(statement, [bPrivate]).then(
          () => "written",
          (error: { code?: string }) => error.code,
        );
      }).catch((error: { code?: string }) => error.code);
      expect(raw).toBe("42501");
    }
    // Nothing of the refused calls was written (read as a service: it sees every row).
    const written = await as({ type: "service", pluginId: "test" }, async () => {
      const client = await currentDbScope()!.client();
      const thresholds = await client.query("SELECT 1 FROM plugin_healthcheck.system_thresholds WHERE system_id = $1", [bPrivate]);
      const attached = await client.query<{ check_id: string }>("SELECT check_id FROM plugin_healthcheck.check_systems WHERE system_id = $1", [bPrivate]);
      return { thresholds: thresholds.rowCount, attached: attached.rows.map((row) => row.check_id).sort() };
    });
    expect(written).toEqual({ thresholds: 0, attached: [check["b"]!, check["spread"]!].sort() });
  });

  test("a shared check on a team-only system lists that system only to those who may read it", async () => {
    const spread = check["spread"]!;
    expect((await as(userA, () => healthcheck().getCheck({ checkId: spread }))).systemIds).toEqual([system["open"]!]);
    expect((await as(userB, () => healthcheck().getCheck({ checkId: spread }))).systemIds.sort()).toEqual([system["open"]!, system["bPrivate"]!].sort());
    const listed = await as(userA, () => healthcheck().listChecks({}));
    expect(listed.flatMap((entry) => entry.systemIds)).not.toContain(system["bPrivate"]);
  });
});

describe("the scheduler runs only enabled checks on the systems they are attached to", () => {
  test("a check disabled by someone who may not manage all its systems stops running on every one of them", async () => {
    const service: Principal = { type: "service", pluginId: "test" };
    const runsOf = (checkId: string, systemId: string) =>
      as(service, async () => {
        const client = await currentDbScope()!.client();
        const result = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM plugin_healthcheck.runs WHERE check_id = $1 AND system_id = $2", [checkId, systemId]);
        return result.rows[0]!.n;
      });
    // Team A's check, which an admin also put on team B's system.
    const mixed = await as(userA, () => healthcheck().createCheck(httpCheck("mixed", [system["aPrivate"]!])));
    await as(admin, () => healthcheck().updateCheck({ checkId: mixed.id, systemIds: [system["aPrivate"]!, system["bPrivate"]!] }));
    await waitUntil(() => runsOf(mixed.id, system["bPrivate"]!), (n) => n > 0, 15_000);

    // Team A disables it: row security keeps A from removing B's schedule row, so the claim must skip it.
    await as(userA, () => healthcheck().updateCheck({ checkId: mixed.id, enabled: false }));
    const leftBehind = await as(service, async () => {
      const client = await currentDbScope()!.client();
      return (await client.query("SELECT 1 FROM plugin_healthcheck.schedule WHERE check_id = $1", [mixed.id])).rowCount;
    });
    expect(leftBehind).toBe(1);
    const afterDisable = await runsOf(mixed.id, system["bPrivate"]!);
    // Progress, not a fixed sleep: another 1-second check on the same system runs three more times meanwhile.
    const reference = await runsOf(check["b"]!, system["bPrivate"]!);
    await waitUntil(() => runsOf(check["b"]!, system["bPrivate"]!), (n) => n >= reference + 3, 15_000);
    // One run claimed just before the disable may still be written.
    expect(await runsOf(mixed.id, system["bPrivate"]!)).toBeLessThanOrEqual(afterDisable + 1);
  }, 40_000);
});

describe("item 9: run messages and check ids only for callers who may read the check", () => {
  test("an anonymous caller never gets run messages, even when the system and its checks are published to it", async () => {
    await sql("INSERT INTO checkstack.role_rules (role_id, rule_id) VALUES ('anonymous', 'catalog.system.read'), ('anonymous', 'healthcheck.check.read') ON CONFLICT DO NOTHING");
    try {
      const status = await as(anonymous, () => healthcheck().getSystemStatus({ systemId: system["open"]! }));
      expect(status.checks.length).toBeGreaterThan(0);
      expect(status.checks.map((entry) => entry.lastMessage)).toEqual(status.checks.map(() => null));
      const signedIn = await as(admin, () => healthcheck().getSystemStatus({ systemId: system["open"]! }));
      expect(signedIn.checks.every((entry) => typeof entry.lastMessage === "string")).toBe(true);
    } finally {
      await sql("DELETE FROM checkstack.role_rules WHERE role_id = 'anonymous' AND rule_id IN ('catalog.system.read', 'healthcheck.check.read')");
    }
  });

  test("a team-only check's id and results are left out for callers outside its team", async () => {
    const [teamB] = (await sql("SELECT id FROM checkstack.teams WHERE name = 'Iso B'")).rows as Array<{ id: string }>;
    await sql("INSERT INTO checkstack.resource_settings (resource_type, resource_id, team_only) VALUES ('healthcheck.check', $1, true)", [check["spread"]]);
    await sql("INSERT INTO checkstack.resource_grants (resource_type, resource_id, team_id, can_read, can_manage) VALUES ('healthcheck.check', $1, $2, true, false)", [
      check["spread"],
      teamB!.id,
    ]);
    const systemId = system["open"]!;
    const statusOf = (principal: Principal) => as(principal, () => healthcheck().getSystemStatus({ systemId })).then((s) => s.checks.map((c) => c.checkId).sort());
    expect(await statusOf(userA)).toEqual([check["open"]!]);
    expect(await statusOf(userB)).toEqual([check["open"]!, check["spread"]!].sort());
    const historyOf = (principal: Principal) => as(principal, () => healthcheck().getSystemHistory({ systemId, ...range(), limit: 1000 }));
    expect(new Set((await historyOf(userA)).map((run) => run.checkId))).toEqual(new Set([check["open"]!]));
    expect(new Set((await historyOf(userB)).map((run) => run.checkId))).toEqual(new Set([check["open"]!, check["spread"]!]));
    const aggregatesOf = await as(userA, () => healthcheck().getSystemAggregates({ systemId, ...range(), granularity: "hourly" }));
    expect(new Set(aggregatesOf.map((bucket) => bucket.checkId))).toEqual(new Set([check["open"]!]));
  });

  test("credentials in an HTTP check's URL are refused with a 400 pointing to secretHeaders", async () => {
    const attempt = as(admin, () =>
      healthcheck().createCheck({ ...httpCheck("userinfo", [system["open"]!]), config: { url: `http://user:pass@127.0.0.1:${target.port}/` } }),
    );
    await expect(attempt).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toContain("url");
    expect(message).toContain("secretHeaders");
  });
});
