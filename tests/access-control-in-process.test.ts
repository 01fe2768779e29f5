import { beforeAll, describe, expect, test } from "bun:test";
import type { Principal } from "@checkstack/backend-api";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { rolesOfConnection } from "../server/src/database/deployment-roles";
import { AccessMemo } from "../server/src/access/access-memo";
import { PluginContractError } from "../server/src/plugin-runtime/plugin-runtime";
import { createSqlAccessDecider } from "../server/src/rpc/access-deciders";
import { TeamNotesApi } from "./fixtures/plugins/team-notes/src/index";
import { fixturePlugin, useInProcessPlatform } from "./support/in-process-platform";

const running = useInProcessPlatform();
const userA: Principal = { type: "user", id: "u-a", roles: [] };
const userB: Principal = { type: "user", id: "u-b", roles: [] };
const admin: Principal = { type: "user", id: "u-admin", roles: ["admin"] };
const ids: Record<string, string> = {};

/** Calls team-notes as `principal`, through the whole pipeline: middleware, SQL decision, row security. */
function asPrincipal<T>(principal: Principal, work: (client: ReturnType<typeof notesClient>) => Promise<T>): Promise<T> {
  return runInDbScope(running.platform.pool, { principal }, () => work(notesClient()));
}
const notesClient = () => running.platform.clientFor("test").forPlugin(TeamNotesApi, { actAs: "caller" });
const errorCode = (promise: Promise<unknown>) => promise.then(() => "allowed", (error: { code?: string }) => error.code ?? "?");

beforeAll(async () => {
  const { platform } = running;
  const report = await platform.runtime.load([fixturePlugin("team-notes")]);
  expect(report.failed).toEqual([]);
  const sql = (text: string, values: unknown[] = []) => platform.pool.query(text, values);
  await sql("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'u-admin', 'admin')");
  const teams = await sql("INSERT INTO checkstack.teams (name) VALUES ('A'), ('B') RETURNING id, name");
  const team = Object.fromEntries(teams.rows.map((row: { id: string; name: string }) => [row.name, row.id]));
  await sql("INSERT INTO checkstack.team_members (team_id, principal_type, principal_id) VALUES ($1, 'user', 'u-a'), ($2, 'user', 'u-b')", [
    team["A"],
    team["B"],
  ]);
  for (const title of ["a1", "a2", "b1", "open"]) {
    const note = await asPrincipal(admin, (client) => client.create({ title, secretToken: `token-${title}` }));
    ids[title] = note.id;
  }
  const grant = "INSERT INTO checkstack.resource_grants (resource_type, resource_id, team_id, can_read, can_manage) VALUES ('team-notes.note', $1, $2, true, $3)";
  await sql(grant, [ids["a1"], team["A"], false]);
  await sql(grant, [ids["a2"], team["A"], false]);
  await sql(grant, [ids["b1"], team["B"], true]);
  for (const title of ["a1", "a2", "b1"]) {
    await sql("INSERT INTO checkstack.resource_settings (resource_type, resource_id, team_only) VALUES ('team-notes.note', $1, true)", [ids[title]]);
  }
}, 30_000);

describe("row-level security on a declared resource table", () => {
  test("a handler selecting every row with no filter returns only what each caller may see", async () => {
    const titles = async (principal: Principal) => (await asPrincipal(principal, (client) => client.listEverything())).map((n) => n.title).sort();
    expect(await titles(userA)).toEqual(["a1", "a2", "open"]);
    expect(await titles(userB)).toEqual(["b1", "open"]);
    expect(await titles(admin)).toEqual(["a1", "a2", "b1", "open"]);
  });

  test("idParam is checked before the handler: another team's note is refused, a missing id is refused", async () => {
    expect(await asPrincipal(userA, (client) => client.get({ id: ids["a1"] }))).toMatchObject({ title: "a1" });
    expect(await errorCode(asPrincipal(userA, (client) => client.get({ id: ids["b1"] })))).toBe("FORBIDDEN");
    expect(await errorCode(asPrincipal(userA, (client) => client.get({})))).toBe("FORBIDDEN");
  });

  test("writes need the manage rule; a team grant with manage allows updates of that row only", async () => {
    expect(await errorCode(asPrincipal(userB, (client) => client.create({ title: "sneaky" })))).toBe("FORBIDDEN");
    const updated = await runInDbScope(running.platform.pool, { principal: userB }, async () => {
      const scopeClient = await (await import("../server/src/database/db-scope")).currentDbScope()!.client();
      const own = await scopeClient.query("UPDATE plugin_team_notes.notes SET title = 'b1!' WHERE id = $1", [ids["b1"]]);
      const foreign = await scopeClient.query("UPDATE plugin_team_notes.notes SET title = 'a1!' WHERE id = $1", [ids["a1"]]);
      return { own: own.rowCount, foreign: foreign.rowCount };
    });
    expect(updated).toEqual({ own: 1, foreign: 0 });
  });

  test("the application role with no principal sees no protected row, and neither does the owner", async () => {
    const client = await running.platform.pool.connect();
    try {
      await client.query("BEGIN");
      expect((await client.query("SELECT count(*)::int AS n FROM plugin_team_notes.notes")).rows[0].n).toBe(0);
      await client.query(`SET LOCAL ROLE ${(await rolesOfConnection(client)).app}`);
      expect((await client.query("SELECT count(*)::int AS n FROM plugin_team_notes.notes")).rows[0].n).toBe(0);
      expect((await client.query("SELECT count(*)::int AS n FROM plugin_myfeature.items")).rows[0].n).toBe(0);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});

describe("audit log", () => {
  test("every write is recorded in its transaction with principal, request id and masked secrets", async () => {
    const rows = await running.platform.pool.query(
      "SELECT principal, request_id, operation, new_row FROM checkstack.audit_log WHERE schema_name = 'plugin_team_notes' AND table_name = 'notes' AND operation = 'INSERT' ORDER BY id",
    );
    expect(rows.rows).toHaveLength(4);
    for (const row of rows.rows) {
      expect(row.principal).toBe("user:u-admin");
      expect(row.request_id).toBeString();
      expect(row.new_row.secret_token).toBe("********");
      expect(JSON.stringify(row.new_row)).not.toContain("token-");
    }
    const update = await running.platform.pool.query(
      "SELECT principal, old_row->>'title' AS old_title, new_row->>'title' AS new_title FROM checkstack.audit_log WHERE operation = 'UPDATE' AND table_name = 'notes'",
    );
    expect(update.rows).toEqual([{ principal: "user:u-b", old_title: "b1", new_title: "b1!" }]);
  });

  test("a rolled-back write leaves no audit row", async () => {
    const before = (await running.platform.pool.query("SELECT count(*)::int AS n FROM checkstack.audit_log")).rows[0].n;
    await runInDbScope(running.platform.pool, { principal: admin }, async () => {
      await notesClient().create({ title: "doomed" });
      throw new Error("roll back");
    }).catch(() => undefined);
    expect((await running.platform.pool.query("SELECT count(*)::int AS n FROM checkstack.audit_log")).rows[0].n).toBe(before);
  });

  test("the application role cannot change or erase the trail; the auditor role can read it", async () => {
    const client = await running.platform.pool.connect();
    const attempt = async (sql: string) => {
      await client.query("BEGIN");
      try {
        await client.query(`SET LOCAL ROLE ${(await rolesOfConnection(client)).app}`);
        await client.query(sql);
        return "allowed";
      } catch (error) {
        return (error as Error).message;
      } finally {
        await client.query("ROLLBACK");
      }
    };
    try {
      expect(await attempt("DELETE FROM checkstack.audit_log")).toContain("permission denied");
      expect(await attempt("UPDATE checkstack.audit_log SET principal = 'nobody'")).toContain("permission denied");
      expect(await attempt("INSERT INTO checkstack.audit_log (principal, schema_name, table_name, operation) VALUES ('x','x','x','x')")).toContain(
        "permission denied",
      );
      await client.query("BEGIN");
      await client.query(`SET LOCAL ROLE ${(await rolesOfConnection(client)).auditor}`);
      expect((await client.query("SELECT count(*)::int AS n FROM checkstack.audit_log")).rows[0].n).toBeGreaterThan(0);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
  });
});

describe("access rules in the database", () => {
  const usersHold = async (rule: string) =>
    (await running.platform.pool.query("SELECT 1 FROM checkstack.role_rules WHERE role_id = 'users' AND rule_id = $1", [rule])).rowCount;

  test("rules are stored prefixed; default rules go to 'users'; an admin's removal survives later syncs; re-adding clears it", async () => {
    const stored = await running.platform.pool.query("SELECT id, is_default, resource_type, level FROM checkstack.access_rules WHERE plugin_id = 'team-notes' ORDER BY id");
    expect(stored.rows).toEqual([
      { id: "team-notes.note.manage", is_default: false, resource_type: "team-notes.note", level: "manage" },
      { id: "team-notes.note.read", is_default: true, resource_type: "team-notes.note", level: "read" },
    ]);
    expect(await usersHold("team-notes.note.read")).toBe(1);
    expect(await usersHold("team-notes.note.manage")).toBe(0);

    const reload = async () => {
      await running.platform.runtime.unload("team-notes", "test");
      expect((await running.platform.runtime.load([fixturePlugin("team-notes")])).failed).toEqual([]);
    };
    await running.platform.pool.query("DELETE FROM checkstack.role_rules WHERE role_id = 'users' AND rule_id = 'team-notes.note.read'");
    await running.platform.pool.query("INSERT INTO checkstack.disabled_default_access_rule (role_id, rule_id) VALUES ('users', 'team-notes.note.read')");
    await reload();
    expect(await usersHold("team-notes.note.read")).toBe(0);
    expect(await errorCode(asPrincipal(userA, (client) => client.listEverything()))).toBe("FORBIDDEN");

    await running.platform.pool.query("DELETE FROM checkstack.disabled_default_access_rule WHERE rule_id = 'team-notes.note.read'");
    await reload();
    expect(await usersHold("team-notes.note.read")).toBe(1);
  });

  test("a contract naming an unregistered rule fails the load, naming the procedure", async () => {
    const attempt = running.platform.runtime.load([fixturePlugin("bad-contract")]);
    await expect(attempt).rejects.toBeInstanceOf(PluginContractError);
    await expect(attempt).rejects.toThrow('bad-contract.listWidgets uses "bad-contract.widget.raed"');
    expect(running.platform.runtime.isLoaded("bad-contract")).toBe(false);
  });
});

describe("a role holding a resource's manage rule", () => {
  test("may read it too, as a manage grant may: a caller who creates a row can read it back", async () => {
    const sql = (text: string, values: unknown[] = []) => running.platform.pool.query(text, values);
    await sql("INSERT INTO checkstack.roles (id, name) VALUES ('note-writers', 'Note writers')");
    await sql("INSERT INTO checkstack.role_rules (role_id, rule_id) VALUES ('note-writers', 'team-notes.note.manage')");
    await sql("DELETE FROM checkstack.role_rules WHERE role_id = 'users' AND rule_id = 'team-notes.note.read'");
    try {
      await sql("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'u-writer', 'note-writers')");
      const writer: Principal = { type: "user", id: "u-writer", roles: ["note-writers"] };
      const created = await asPrincipal(writer, (client) => client.create({ title: "written by a key" }));
      expect(created.title).toBe("written by a key");
      expect(await asPrincipal(writer, (client) => client.get({ id: created.id }))).toMatchObject({ title: "written by a key" });
      // Without the pair's manage rule, no read: a plain user lost the default read above.
      expect(await errorCode(asPrincipal(userA, (client) => client.get({ id: created.id })))).toBe("FORBIDDEN");
    } finally {
      await sql("INSERT INTO checkstack.role_rules (role_id, rule_id) VALUES ('users', 'team-notes.note.read') ON CONFLICT DO NOTHING");
    }
  });
});

describe("read-only scopes (procedures declared as queries)", () => {
  const inScope = <T>(readOnly: boolean, work: (query: (text: string) => Promise<Record<string, unknown>[]>) => Promise<T>) =>
    runInDbScope(running.platform.pool, { principal: userA, readOnly }, () =>
      work(async (text) => (await currentDbScope()!.query<Record<string, unknown>>(text)).rows),
    );

  test("each statement carries the principal and runs in its own implicit transaction", async () => {
    const seen = await inScope(true, async (query) => [
      ...(await query("SELECT current_setting('checkstack.principal_label') AS who, pg_current_xact_id()::text AS xact")),
      ...(await query("SELECT current_setting('checkstack.principal_label') AS who, pg_current_xact_id()::text AS xact")),
    ]);
    expect(seen.map((row) => row["who"])).toEqual(["user:u-a", "user:u-a"]);
    expect(seen[0]?.["xact"]).not.toBe(seen[1]?.["xact"]);
    const transactional = await inScope(false, async (query) => [
      ...(await query("SELECT pg_current_xact_id()::text AS xact")),
      ...(await query("SELECT pg_current_xact_id()::text AS xact")),
    ]);
    expect(transactional[0]?.["xact"]).toBe(transactional[1]?.["xact"]);
  });

  test("a write in a read-only scope fails with Postgres's read-only error and leaves nothing", async () => {
    const write = "INSERT INTO checkstack.teams (name) VALUES ('written from a query')";
    await expect(inScope(true, (query) => query(write))).rejects.toMatchObject({ code: "25006" });
    // The scope's own transaction (what db.transaction() asks for) is read-only too.
    const viaClient = runInDbScope(running.platform.pool, { principal: userA, readOnly: true }, async () => {
      const client = await currentDbScope()!.client();
      await client.query(write);
    });
    await expect(viaClient).rejects.toMatchObject({ code: "25006" });
    const teams = await running.platform.pool.query("SELECT count(*)::int AS n FROM checkstack.teams WHERE name = 'written from a query'");
    expect(teams.rows[0].n).toBe(0);
  });

  test("a pooled connection used by a read-only scope carries no principal or read-only flag afterwards", async () => {
    const pool = running.platform.pool;
    await Promise.all(Array.from({ length: 8 }, () => inScope(true, (query) => query("SELECT 1"))));
    const clients = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
    try {
      for (const client of clients) {
        const row = (await client.query(
          "SELECT coalesce(current_setting('checkstack.principal', true), '') AS principal, current_setting('transaction_read_only') AS ro, current_user AS who",
        )).rows[0];
        expect(row).toEqual({ principal: "", ro: "off", who: expect.not.stringContaining("_app") });
      }
    } finally {
      for (const client of clients) client.release();
    }
  });
});

describe("the access epoch: remembered access is only ever used while Postgres confirms it", () => {
  const epoch = async () => Number((await running.platform.pool.query("SELECT epoch FROM checkstack.access_epoch")).rows[0].epoch);
  const asService = async (statements: string[], commit = true) => {
    const client = await running.platform.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('checkstack.principal', '{\"type\":\"service\",\"pluginId\":\"epoch-test\"}', true)");
      for (const statement of statements) await client.query(statement);
      await client.query(commit ? "COMMIT" : "ROLLBACK");
    } finally {
      client.release();
    }
  };

  test("a committed change to an access table raises it once per transaction; a rolled-back one does not", async () => {
    const before = await epoch();
    await asService([
      "INSERT INTO checkstack.roles (id, name) VALUES ('epoch-a', 'A'), ('epoch-b', 'B')",
      "INSERT INTO checkstack.role_rules (role_id, rule_id) VALUES ('epoch-a', 'team-notes.note.read'), ('epoch-b', 'team-notes.note.read')",
      "INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'u-epoch', 'epoch-a')",
    ]);
    expect(await epoch()).toBe(before + 1);
    await asService(["DELETE FROM checkstack.principal_roles WHERE principal_id = 'u-epoch'"], false);
    expect(await epoch()).toBe(before + 1);
    await asService(["DELETE FROM checkstack.principal_roles WHERE principal_id = 'u-epoch'"]);
    expect(await epoch()).toBe(before + 2);
  });

  test("a plugin's declared tables raise it for the events declared: a new session does not, an ended one does", async () => {
    const userId = crypto.randomUUID();
    await asService([`INSERT INTO plugin_auth.users (id, email, display_name, password_hash) VALUES ('${userId}', 'epoch@example.com', 'Epoch', 'x')`]);
    const before = await epoch();
    await asService([`INSERT INTO plugin_auth.sessions (token_hash, user_id, expires_at) VALUES ('epoch-session', '${userId}', now() + interval '1 hour')`]);
    expect(await epoch()).toBe(before);
    await asService(["DELETE FROM plugin_auth.sessions WHERE token_hash = 'epoch-session'"]);
    expect(await epoch()).toBe(before + 1);
  });

  test("re-declaring a tracked table at boot changes nothing unless its events changed", async () => {
    const triggerOf = async () =>
      (await running.platform.pool.query("SELECT oid::text AS oid, tgtype FROM pg_trigger WHERE tgrelid = 'plugin_auth.sessions'::regclass AND tgname = 'checkstack_access_epoch'")).rows[0];
    const before = await triggerOf();
    await running.platform.pool.query("SELECT checkstack.track_access_changes('plugin_auth', 'sessions', 'UPDATE OR DELETE')");
    expect(await triggerOf()).toEqual(before);
    await running.platform.pool.query("SELECT checkstack.track_access_changes('plugin_auth', 'sessions', 'INSERT OR UPDATE OR DELETE')");
    expect((await triggerOf()).oid).not.toBe(before.oid);
    await running.platform.pool.query("SELECT checkstack.track_access_changes('plugin_auth', 'sessions', 'UPDATE OR DELETE')");
  });

  test("a scope relying on a moved epoch is refused before its first statement runs, mutation or query", async () => {
    const stale = (await epoch()) - 1;
    const write = runInDbScope(running.platform.pool, { principal: admin, accessEpoch: stale }, async () => {
      await currentDbScope()!.query("INSERT INTO checkstack.teams (name) VALUES ('written on stale access')");
    });
    await expect(write).rejects.toMatchObject({ code: "CK001" });
    const teams = await running.platform.pool.query("SELECT count(*)::int AS n FROM checkstack.teams WHERE name = 'written on stale access'");
    expect(teams.rows[0].n).toBe(0);
    const read = runInDbScope(running.platform.pool, { principal: admin, readOnly: true, accessEpoch: stale }, async () =>
      currentDbScope()!.query("SELECT 1"),
    );
    await expect(read).rejects.toMatchObject({ code: "CK001" });
    // Work that sends no statement at all is confirmed before it counts.
    const silent = runInDbScope(running.platform.pool, { principal: admin, readOnly: true, accessEpoch: stale }, async () => "answered from memory");
    await expect(silent).rejects.toMatchObject({ code: "CK001" });
    const current = await epoch();
    expect(await runInDbScope(running.platform.pool, { principal: admin, readOnly: true, accessEpoch: current }, async () => "confirmed")).toBe("confirmed");
  });

  test("a reused decision makes the scope's statements carry its epoch", async () => {
    const decider = createSqlAccessDecider(running.platform.pool, new AccessMemo());
    const decide = () =>
      runInDbScope(running.platform.pool, { principal: userA, readOnly: true, reuseDecisions: true }, async () => {
        const allowed = await decider.allows({ rules: ["team-notes.note.read"], resource: { type: "team-notes.note", id: ids["a1"]! } });
        const rows = (await currentDbScope()!.query<{ n: number }>("SELECT 1 AS n")).rows;
        return { allowed, rows };
      });
    expect(await decide()).toEqual({ allowed: true, rows: [{ n: 1 }] });
    // Remembered now; a change to a resource's settings anywhere refuses the next scope that reuses it.
    const before = await epoch();
    await asService([`UPDATE checkstack.resource_settings SET team_only = true WHERE resource_id = '${ids["a1"]}'`]);
    expect(await epoch()).toBe(before + 1);
    await expect(decide()).rejects.toMatchObject({ code: "CK001" });
  });
});
