/**
 * The read paths of issue 14 through the whole pipeline (middleware, SQL
 * access decision, row security): keyset pages of systems and runs, many
 * systems' status in one call, and the set-based list filter giving the same
 * answer as the per-resource decision it replaced.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import type { Principal } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";
import { HealthcheckApi } from "@checkstack/healthcheck-common";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { useInProcessPlatform } from "./support/in-process-platform";

const running = useInProcessPlatform();
const admin: Principal = { type: "user", id: "rp-admin", roles: ["admin"] };
const userA: Principal = { type: "user", id: "rp-a", roles: [] };
const anonymous: Principal = { type: "anonymous" };

const as = <T>(principal: Principal, work: () => Promise<T>) => runInDbScope(running.platform.pool, { principal }, work);
const catalog = () => running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" });
const healthcheck = () => running.platform.clientFor("test").forPlugin(HealthcheckApi, { actAs: "caller" });
const sql = <R extends Record<string, unknown>>(text: string, values: unknown[] = []) => running.platform.pool.query<R>(text, values);
const scopeQuery = async <R extends Record<string, unknown>>(text: string, values: unknown[]) => {
  const scope = currentDbScope();
  if (!scope) throw new Error("no scope");
  return (await scope.query<R>(text, values)).rows;
};
const errorCode = (promise: Promise<unknown>) => promise.then(() => "allowed", (error: { code?: string }) => error.code ?? String(error));

const ids: Record<string, string> = {};
let checkId = "";
const RUNS = 7;

beforeAll(async () => {
  await sql("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'rp-admin', 'admin')");
  const teams = await sql<{ id: string; name: string }>("INSERT INTO checkstack.teams (name) VALUES ('RP A'), ('RP B') RETURNING id, name");
  const team = Object.fromEntries(teams.rows.map((row) => [row.name, row.id]));
  await sql("INSERT INTO checkstack.team_members (team_id, principal_type, principal_id) VALUES ($1, 'user', 'rp-a')", [team["RP A"]]);
  const systems = [
    { name: "rp 1 a-private", ownerTeamId: team["RP A"], teamOnly: true },
    { name: "rp 2 b-private", ownerTeamId: team["RP B"], teamOnly: true },
    { name: "rp 3 a-shared", ownerTeamId: team["RP A"] },
    { name: "rp 4 open" },
    { name: "rp 5 open" },
  ];
  for (const input of systems) ids[input.name] = (await as(admin, () => catalog().createSystem(input))).id;
  const check = await as(admin, () =>
    healthcheck().createCheck({
      name: "rp check",
      strategyId: "http",
      config: { url: "http://127.0.0.1:9/never-called" },
      intervalSeconds: 60,
      timeoutMs: 1000,
      enabled: false,
      systemIds: [ids["rp 1 a-private"]!, ids["rp 4 open"]!],
    }),
  );
  checkId = check.id;
  // Runs a second apart, and two at the same instant: the keyset must order and split ties by id.
  await as(admin, () =>
    scopeQuery(
      `INSERT INTO plugin_healthcheck.runs (check_id, system_id, scheduled_at, started_at, duration_ms, healthy, message, instance_id)
       SELECT $1::uuid, $2, t, t, 10, true, 'ok', 'test'
         FROM unnest(ARRAY[now() - interval '10 minutes', now() - interval '10 minutes'] || ARRAY(SELECT now() - n * interval '1 second' FROM generate_series(1, $3::int - 2) n)) AS t`,
      [checkId, ids["rp 4 open"], RUNS],
    ),
  );
}, 60_000);

describe("systems in keyset pages", () => {
  test("pages of 2 visit every visible system once, in name order; a team's own; old callers still get a list", async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await as(userA, () => catalog().listSystems({ limit: 2, ...(cursor ? { cursor } : {}) }));
      names.push(...page.items.map((system) => system.name));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(names.filter((name) => name.startsWith("rp "))).toEqual(["rp 1 a-private", "rp 3 a-shared", "rp 4 open", "rp 5 open"]);
    const teamA = (await sql<{ id: string }>("SELECT id FROM checkstack.teams WHERE name = 'RP A'")).rows[0]?.id ?? "";
    const own = await as(userA, () => catalog().listSystems({ ownerTeamId: teamA }));
    expect(own.items.map((system) => system.name)).toEqual(["rp 1 a-private", "rp 3 a-shared"]);
    const legacy = await as(userA, () => catalog().listSystems());
    expect(legacy.items.map((system) => system.name).filter((name) => name.startsWith("rp "))).toEqual(names.filter((name) => name.startsWith("rp ")));
  });

  test("page sizes are bounded and cursors checked: 400s naming the field", async () => {
    const tooBig = await as(userA, () => catalog().listSystems({ limit: 501 })).catch((error: { code?: string; message?: string }) => error);
    expect(tooBig).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("limit") });
    expect(await errorCode(as(userA, () => catalog().listSystems({ cursor: "bm90IGEgY3Vyc29y" })))).toBe("BAD_REQUEST");
  });

  test("the set-based list filter answers exactly as checkstack.may per id, for a member, an admin and anonymous", async () => {
    const all = Object.values(ids).concat(["00000000-0000-4000-8000-000000000000"]);
    for (const principal of [userA, admin, anonymous]) {
      const [row] = await as(principal, () =>
        scopeQuery<{ set_based: string[]; per_id: string[] }>(
          `SELECT ARRAY(SELECT checkstack.permitted_ids('catalog.system.read', 'catalog.system', $1::text[]) ORDER BY 1) AS set_based,
                  ARRAY(SELECT id FROM unnest($1::text[]) AS id WHERE checkstack.may('catalog.system.read', 'catalog.system', id) ORDER BY 1) AS per_id`,
          [all],
        ),
      );
      expect(row?.set_based).toEqual(row?.per_id ?? []);
    }
  });
});

describe("health data for many systems and long histories", () => {
  test("getSystemStatuses answers as getSystemStatus does for each id, in the order asked, hidden systems unknown", async () => {
    const asked = [ids["rp 4 open"]!, ids["rp 2 b-private"]!, ids["rp 1 a-private"]!];
    const many = await as(userA, () => healthcheck().getSystemStatuses({ systemIds: asked }));
    const one = await Promise.all(asked.map((systemId) => as(userA, () => healthcheck().getSystemStatus({ systemId }))));
    expect(many).toEqual(one);
    expect(many.map((status) => status.systemId)).toEqual(asked);
    expect(many[1]).toMatchObject({ status: "unknown", checks: [] });
    const tooMany = await as(userA, () => healthcheck().getSystemStatuses({ systemIds: Array.from({ length: 501 }, () => asked[0]!) })).catch(
      (error: { code?: string; message?: string }) => error,
    );
    expect(tooMany).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("systemIds") });
  });

  test("listSystemRuns pages newest first, each run once (ties split by id), matching getSystemHistory", async () => {
    const range = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) };
    const systemId = ids["rp 4 open"]!;
    const seen: number[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await as(userA, () => healthcheck().listSystemRuns({ systemId, checkId, ...range, limit: 3, ...(cursor ? { cursor } : {}) }));
      sizes.push(page.items.length);
      seen.push(...page.items.map((run) => run.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && sizes.length < 10);
    expect(sizes).toEqual([3, 3, 1]);
    expect(new Set(seen).size).toBe(RUNS);
    const history = await as(userA, () => healthcheck().getSystemHistory({ systemId, checkId, ...range, limit: 100 }));
    expect(history.map((run) => run.startedAt.getTime())).toEqual(
      [...history].sort((x, y) => y.startedAt.getTime() - x.startedAt.getTime()).map((run) => run.startedAt.getTime()),
    );
    expect(new Set(history.map((run) => run.id))).toEqual(new Set(seen));
    expect(await errorCode(as(userA, () => healthcheck().listSystemRuns({ systemId, ...range, cursor: "e30" })))).toBe("BAD_REQUEST");
  });
});
