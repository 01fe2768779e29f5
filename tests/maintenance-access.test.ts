/**
 * The maintenance plugin through the whole pipeline on real Postgres: the
 * plugin's own ticker moves a window through its lifecycle with each hook
 * once, cancellations record who cancelled, team isolation, anonymous
 * callers, 400s naming the field, the public-only status-page source.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { DateTime } from "luxon";
import type { Principal } from "@checkstack/backend-api";
import { MaintenanceApi, maintenanceHooks, type MaintenanceHookPayload } from "@checkstack/maintenance-common";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { callOverHttp, useInProcessPlatform } from "./support/in-process-platform";
import { outcomeOf, seedTeams, teamCast } from "./support/team-fixture";
import { queryAsService } from "./support/service-query";

const running = useInProcessPlatform();
const cast = teamCast("mnt");
const { userA, userB, admin, anonymous, team } = cast;
const systemX = "11111111-1111-4111-8111-111111111111";

const delivered: Array<{ hook: string; payload: MaintenanceHookPayload & { cancelled?: boolean } }> = [];

const client = () => running.platform.clientFor("test").forPlugin(MaintenanceApi, { actAs: "caller" });
type Client = ReturnType<typeof client>;
function as<T>(principal: Principal, work: (maintenance: Client) => Promise<T>): Promise<T> {
  return runInDbScope(running.platform.pool, { principal }, () => work(client()));
}
const errorOf = outcomeOf;
const sql = <R extends Record<string, unknown>>(text: string, values: unknown[] = []) => running.platform.pool.query<R>(text, values);
const localIn = (zone: string, offsetMs: number) => DateTime.fromMillis(Date.now() + offsetMs, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
const hooksOf = (occurrenceId: string) => delivered.filter((entry) => entry.payload.occurrenceId === occurrenceId).map((entry) => entry.hook);

async function waitFor(done: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(50);
  }
}

beforeAll(async () => {
  const { platform } = running;
  expect(platform.runtime.isLoaded("maintenance")).toBe(true);
  platform.hooks.subscribe("maintenance-hook-probe", maintenanceHooks.upcoming, (payload) => void delivered.push({ hook: "upcoming", payload }));
  platform.hooks.subscribe("maintenance-hook-probe", maintenanceHooks.started, (payload) => void delivered.push({ hook: "started", payload }));
  platform.hooks.subscribe("maintenance-hook-probe", maintenanceHooks.ended, (payload) => void delivered.push({ hook: "ended", payload }));
  await platform.hooks.settle();
  await seedTeams(platform.pool, cast, "mnt");
}, 30_000);

describe("lifecycle, moved by the plugin's ticker", () => {
  test("scheduled → in_progress → completed, with upcoming, started and ended emitted once each, in order", async () => {
    const zone = "America/New_York";
    const created = await as(admin, (maintenance) =>
      maintenance.createWindow({ title: "Router swap", systemIds: [systemX], start: localIn(zone, 3000), end: localIn(zone, 5000), timezone: zone, upcomingLeadMinutes: 5, ownerTeamId: team["A"] }),
    );
    expect(created.occurrences).toHaveLength(1);
    const occurrence = created.occurrences[0]!;
    expect(occurrence.status).toBe("scheduled");
    await waitFor(async () => (await as(admin, (maintenance) => maintenance.getWindow({ windowId: created.id }))).occurrences[0]!.status === "completed");
    await waitFor(() => hooksOf(occurrence.id).length >= 3);
    await running.platform.hooks.settle();
    expect(hooksOf(occurrence.id)).toEqual(["upcoming", "started", "ended"]);
    const ended = delivered.find((entry) => entry.hook === "ended" && entry.payload.occurrenceId === occurrence.id)!;
    expect(ended.payload).toMatchObject({ windowId: created.id, title: "Router swap", systemIds: [systemX], cancelled: false, ownerTeamId: team["A"] });
    const final = (await as(admin, (maintenance) => maintenance.getWindow({ windowId: created.id }))).occurrences[0]!;
    expect(final.startedAt!.getTime()).toBeGreaterThanOrEqual(final.startsAt.getTime());
    expect(final.endedAt!.getTime()).toBeGreaterThanOrEqual(final.endsAt.getTime());
  }, 60_000);

  test("cancelling: the owner team cancels, a running occurrence ends with cancelled: true, and the audit trail names who", async () => {
    const zone = "Europe/Berlin";
    const running_ = await as(admin, (maintenance) =>
      maintenance.createWindow({ title: "Long job", systemIds: [systemX], start: localIn(zone, -1000), end: localIn(zone, 3_600_000), timezone: zone, ownerTeamId: team["A"] }),
    );
    const occurrenceId = running_.occurrences[0]!.id;
    await waitFor(async () => (await as(userA, (maintenance) => maintenance.getWindow({ windowId: running_.id }))).occurrences[0]!.status === "in_progress");
    const cancelled = await as(userA, (maintenance) => maintenance.cancelWindow({ windowId: running_.id }));
    expect(cancelled).toMatchObject({ cancelledBy: "user:mnt-a" });
    expect(cancelled.occurrences[0]).toMatchObject({ status: "cancelled", cancelledBy: "user:mnt-a" });
    await waitFor(() => hooksOf(occurrenceId).includes("ended"));
    expect(delivered.find((entry) => entry.hook === "ended" && entry.payload.occurrenceId === occurrenceId)!.payload.cancelled).toBe(true);
    const audit = await sql<{ principal: string }>(
      "SELECT principal FROM checkstack.audit_log WHERE schema_name = 'plugin_maintenance' AND table_name = 'occurrences' AND new_row->>'id' = $1 AND new_row->>'status' = 'cancelled'",
      [occurrenceId],
    );
    expect(audit.rows.map((row) => row.principal)).toEqual(["user:mnt-a"]);

    // One occurrence of a recurring window, scheduled, cancelled alone: the others stay.
    const daily = await as(admin, (maintenance) =>
      maintenance.createWindow({ title: "Nightly", start: localIn("UTC", 86_400_000), end: localIn("UTC", 86_400_000 + 600_000), timezone: "UTC", recurrence: { kind: "daily" }, ownerTeamId: team["A"] }),
    );
    expect(daily.occurrences.length).toBeGreaterThanOrEqual(29);
    const after = await as(userA, (maintenance) => maintenance.cancelOccurrence({ windowId: daily.id, occurrenceId: daily.occurrences[0]!.id }));
    expect(after.occurrences.filter((entry) => entry.status === "cancelled").map((entry) => entry.id)).toEqual([daily.occurrences[0]!.id]);
    expect(await errorOf(as(userA, (maintenance) => maintenance.cancelOccurrence({ windowId: daily.id, occurrenceId: "44444444-4444-4444-8444-444444444444" })))).toStartWith("NOT_FOUND");
  }, 60_000);
});

describe("changing a window", () => {
  test("the owner team changes title, systems and lead time; a new lead moves unannounced occurrences; cancelled is final", async () => {
    const created = await as(admin, (maintenance) =>
      maintenance.createWindow({ title: "Weekly patch", start: localIn("UTC", 86_400_000), end: localIn("UTC", 90_000_000), timezone: "UTC", recurrence: { kind: "weekly", days: ["mon", "wed"] }, ownerTeamId: team["A"] }),
    );
    const changed = await as(userA, (maintenance) => maintenance.updateWindow({ windowId: created.id, title: "Weekly patching", systemIds: [systemX], upcomingLeadMinutes: 120 }));
    expect(changed).toMatchObject({ title: "Weekly patching", systemIds: [systemX], upcomingLeadMinutes: 120 });
    const leads = await queryAsService<{ minutes: string }>(
      running.platform.pool,
      "SELECT DISTINCT (extract(epoch FROM starts_at - announce_at) / 60)::int::text AS minutes FROM plugin_maintenance.occurrences WHERE window_id = $1",
      [created.id],
    );
    expect(leads.map((row) => row.minutes)).toEqual(["120"]);
    expect(await errorOf(as(userB, (maintenance) => maintenance.updateWindow({ windowId: created.id, title: "B's now" })))).toStartWith("FORBIDDEN");
    expect(await errorOf(as(userA, (maintenance) => maintenance.updateWindow({ windowId: created.id, title: "" })))).toStartWith("BAD_REQUEST");
    await as(userA, (maintenance) => maintenance.cancelWindow({ windowId: created.id }));
    expect(await errorOf(as(userA, (maintenance) => maintenance.updateWindow({ windowId: created.id, title: "again" })))).toStartWith("CONFLICT");
  });
});

describe("who sees and edits which windows", () => {
  test("a member of team A neither sees nor cancels team B's window; row security hides its occurrences; anonymous sees nothing", async () => {
    const windowB = await as(admin, (maintenance) =>
      maintenance.createWindow({ title: "B only", start: localIn("UTC", 7_200_000), end: localIn("UTC", 7_300_000), timezone: "UTC", ownerTeamId: team["B"] }),
    );
    const titles = (principal: Principal) => as(principal, (maintenance) => maintenance.listWindows({ limit: 200 })).then((page) => page.items.map((item) => item.title));
    expect(await titles(userA)).not.toContain("B only");
    expect(await titles(userB)).toContain("B only");
    expect(await errorOf(as(userA, (maintenance) => maintenance.getWindow({ windowId: windowB.id })))).toStartWith("FORBIDDEN");
    expect(await errorOf(as(userA, (maintenance) => maintenance.cancelWindow({ windowId: windowB.id })))).toStartWith("FORBIDDEN");
    expect(await errorOf(as(userA, (maintenance) => maintenance.createWindow({ title: "t", start: "2030-01-01T00:00", end: "2030-01-01T01:00", timezone: "UTC" })))).toStartWith("FORBIDDEN");
    const seen = await runInDbScope(running.platform.pool, { principal: userA }, async () => {
      const db = await currentDbScope()!.client();
      const rows = await db.query("SELECT id FROM plugin_maintenance.occurrences WHERE window_id = $1", [windowB.id]);
      const changed = await db.query("UPDATE plugin_maintenance.occurrences SET status = 'cancelled' WHERE window_id = $1", [windowB.id]);
      return { rows: rows.rowCount, changed: changed.rowCount };
    });
    expect(seen).toEqual({ rows: 0, changed: 0 });

    expect(await errorOf(as(anonymous, (maintenance) => maintenance.listWindows({})))).toStartWith("UNAUTHORIZED");
    for (const procedure of ["listWindows", "getWindow", "publicMaintenances"]) {
      expect((await callOverHttp(running.platform, "maintenance", procedure, { windowId: windowB.id })).status).toBe(401);
    }
  });
});

describe("bad input is a 400 naming the field", () => {
  test("empty title, unknown timezone, end before start, bad cron, bad recurrence, impossible date", async () => {
    const base = { title: "t", start: "2030-01-01T02:00", end: "2030-01-01T03:00", timezone: "Europe/Berlin" };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, title: " " }, "title"],
      [{ ...base, timezone: "Europe/Atlantis" }, "timezone"],
      [{ ...base, end: "2030-01-01T01:00" }, "end"],
      [{ ...base, recurrence: { kind: "cron", expression: "not a cron" } }, "recurrence.expression"],
      [{ ...base, recurrence: { kind: "weekly", days: [] } }, "recurrence.days"],
      [{ ...base, recurrence: { kind: "monthly", dayOfMonth: 32 } }, "recurrence.dayOfMonth"],
      [{ ...base, start: "2030-02-30T02:00" }, "start"],
      [{ ...base, start: "2030-01-01T02:00+01:00" }, "start"],
    ];
    for (const [input, field] of cases) {
      const outcome = await errorOf(as(admin, (maintenance) => maintenance.createWindow(input as never)));
      expect(`${field} → ${outcome}`).toStartWith(`${field} → BAD_REQUEST`);
      expect(outcome).toContain(field);
    }
  });
});

describe("the status-page source", () => {
  test("public fields only, for occurrences touching the systems in [from, to)", async () => {
    const systemY = "22222222-2222-4222-8222-222222222222";
    const created = await as(admin, (maintenance) =>
      maintenance.createWindow({ title: "DB upgrade", description: "Short read-only period.", systemIds: [systemY], start: localIn("UTC", 3_600_000), end: localIn("UTC", 7_200_000), timezone: "UTC", ownerTeamId: team["B"] }),
    );
    const source = (query: { systemIds: string[]; from: Date; to: Date }) =>
      runInDbScope(running.platform.pool, { principal: anonymous }, () => running.platform.clientFor("statuspage").forPlugin(MaintenanceApi).publicMaintenances(query)).then(
        (result) => result.maintenances,
      );
    const found = await source({ systemIds: [systemY], from: new Date(), to: new Date(Date.now() + 86_400_000) });
    expect(found.map((entry) => entry.id)).toEqual([created.occurrences[0]!.id]);
    expect(Object.keys(found[0]!).sort()).toEqual(["description", "id", "scheduledFor", "scheduledUntil", "status", "systemIds", "title", "updatedAt", "updates"]);
    expect(found[0]!.updates.map((update) => update.status)).toEqual(["scheduled"]);
    expect(await source({ systemIds: [systemY], from: new Date(Date.now() + 86_400_000), to: new Date(Date.now() + 2 * 86_400_000) })).toEqual([]);
  });
});
