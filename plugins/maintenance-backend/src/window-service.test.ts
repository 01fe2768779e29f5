import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { DateTime } from "luxon";
import { createRecordingLogger, type EmitHook } from "@checkstack/backend-api";
import { usePluginTestDatabase } from "@checkstack/test-utils";
import type { CreateWindow } from "@checkstack/maintenance-common";
import type { MaintenanceDatabase } from "./database";
import * as schema from "./schema";
import { TransitionTicker } from "./transition-ticker";
import { WindowService } from "./window-service";

// The plugin's migrations on a fresh database, as the platform applies them (no principal, no row security here).
const testDatabase = usePluginTestDatabase({ pluginId: "maintenance", pluginDir: fileURLToPath(new URL("..", import.meta.url)) });

const SYSTEM_A = "11111111-1111-4111-8111-111111111111";
const SYSTEM_B = "22222222-2222-4222-8222-222222222222";
const window = (overrides: Partial<CreateWindow>): Omit<CreateWindow, "teamOnly"> => ({
  title: "Patch night",
  description: "",
  systemIds: [SYSTEM_A],
  start: "2026-03-27T02:30",
  end: "2026-03-27T03:30",
  timezone: "Europe/Berlin",
  recurrence: { kind: "daily" },
  upcomingLeadMinutes: 60,
  ...overrides,
});
/** A local wall-clock string `offsetMs` from now in `zone`, to the second. */
const localIn = (zone: string, offsetMs: number) => DateTime.fromMillis(Date.now() + offsetMs, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");

async function waitFor(done: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(50);
  }
}

describe("WindowService on Postgres", () => {
  let pool: Pool;
  let db: MaintenanceDatabase;
  let windows: WindowService;

  beforeAll(() => {
    pool = new Pool({ connectionString: testDatabase.url, max: 12 });
    db = drizzle(pool, { schema }) as unknown as MaintenanceDatabase;
    windows = new WindowService(db);
  });
  beforeEach(async () => {
    await db.delete(schema.occurrences);
    await db.delete(schema.windows);
  });
  afterAll(async () => {
    await pool.end();
  });

  test("a daily 02:30 Berlin window materialises 30 days ahead across the spring-forward night; top-up is idempotent", async () => {
    const now = new Date("2026-03-27T00:00:00Z");
    const created = await windows.create(window({}), "user:u1", now);
    const starts = created.occurrences.map((occurrence) => occurrence.startsAt.toISOString());
    expect(starts.slice(0, 4)).toEqual(["2026-03-27T01:30:00.000Z", "2026-03-28T01:30:00.000Z", "2026-03-29T01:30:00.000Z", "2026-03-30T00:30:00.000Z"]);
    expect(starts).toHaveLength(30);
    expect(created.occurrences.every((occurrence) => occurrence.endsAt.getTime() - occurrence.startsAt.getTime() === 3600_000)).toBe(true);
    expect(await windows.topUp(now)).toBe(0);
    // A day later the job adds exactly the one new day; run twice (two instances), it adds nothing more.
    expect(await windows.topUp(new Date("2026-03-28T00:00:00Z"))).toBe(1);
    expect(await windows.topUp(new Date("2026-03-28T00:00:00Z"))).toBe(0);
  });

  test('"last day of month" in the database: one row per month on its own last day', async () => {
    const created = await windows.create(
      window({ start: "2028-01-31T23:00", end: "2028-02-01T01:00", recurrence: { kind: "monthly", dayOfMonth: "last" } }),
      "user:u1",
      new Date("2028-01-15T00:00:00Z"),
    );
    expect(created.occurrences.map((occurrence) => occurrence.startsAt.toISOString())).toEqual(["2028-01-31T22:00:00.000Z"]);
    expect(await windows.topUp(new Date("2028-02-20T00:00:00Z"))).toBe(1); // 29 February 2028
    const rows = await db.select().from(schema.occurrences);
    expect(rows.map((row) => row.startsAt.toISOString()).sort()).toEqual(["2028-01-31T22:00:00.000Z", "2028-02-29T22:00:00.000Z"]);
  });

  test("activeFor maps each system under maintenance at that instant to its occurrence; cancelled ones do not count", async () => {
    const created = await windows.create(window({ start: "2026-06-01T10:00", end: "2026-06-01T12:00", timezone: "UTC", recurrence: { kind: "once" }, systemIds: [SYSTEM_A, SYSTEM_B] }), "user:u1", new Date("2026-05-31T00:00:00Z"));
    const [occurrence] = created.occurrences;
    expect(await windows.activeFor([SYSTEM_A, "33333333-3333-4333-8333-333333333333"], new Date("2026-06-01T11:00:00Z"))).toEqual(new Map([[SYSTEM_A, occurrence!.id]]));
    expect((await windows.activeFor([SYSTEM_A], new Date("2026-06-01T12:00:00Z"))).size).toBe(0); // the end is exclusive
    // The same question as alerting's maintenance provider asks it.
    expect(await windows.windowAt(SYSTEM_B, new Date("2026-06-01T11:00:00Z"))).toEqual({ title: "Patch night", endsAt: "2026-06-01T12:00:00.000Z", occurrenceId: occurrence!.id });
    expect(await windows.windowAt(SYSTEM_B, new Date("2026-06-01T12:00:00Z"))).toBeNull();
    expect((await windows.activeFor([SYSTEM_A], new Date("2026-06-01T09:59:59Z"))).size).toBe(0);
    await windows.cancelOccurrence(created.id, occurrence!.id, "user:u2");
    expect((await windows.activeFor([SYSTEM_A], new Date("2026-06-01T11:00:00Z"))).size).toBe(0);
    expect(await windows.windowAt(SYSTEM_A, new Date("2026-06-01T11:00:00Z"))).toBeNull();
    const [row] = await db.select().from(schema.occurrences);
    expect(row).toMatchObject({ status: "cancelled", cancelledBy: "user:u2" });
  });

  test("five tickers racing on one database: every occurrence is announced, started and ended exactly once", async () => {
    const zone = "Europe/Berlin";
    // Twelve one-off windows (one occurrence each), all starting at the same second, 8 s from now (creating them under load takes time), for 2 s.
    const start = localIn(zone, 8000);
    const end = localIn(zone, 10_000);
    for (let index = 0; index < 12; index += 1) {
      await windows.create(
        window({ title: `w${index}`, start, end, timezone: zone, recurrence: { kind: "once" }, upcomingLeadMinutes: 1 }),
        "user:u1",
        new Date(),
      );
    }
    const emitted: Array<{ hook: string; occurrenceId: string; ticker: number }> = [];
    const tickers = Array.from({ length: 5 }, (_, ticker) => {
      // Each ticker has its own pool, like an instance of its own.
      const own = new Pool({ connectionString: testDatabase.url, max: 2 });
      const emit: EmitHook = async (hook, payload) => {
        const occurrenceId = (payload as { occurrenceId?: string }).occurrenceId;
        if (occurrenceId) emitted.push({ hook: hook.id, occurrenceId, ticker });
      };
      return { pool: own, ticker: new TransitionTicker(drizzle(own, { schema }) as unknown as MaintenanceDatabase, emit, createRecordingLogger(), 50) };
    });
    // Rounds in which all five tick at once: every round is a race on the same rows.
    const race = () => Promise.all(tickers.map(({ ticker }) => ticker.tick()));
    let rounds = 0;
    try {
      await race(); // before the start: only the upcoming announcements are due
      expect(emitted.map((entry) => entry.hook).every((hook) => hook === "maintenance.upcoming")).toBe(true);
      await waitFor(async () => {
        await race();
        rounds += 1;
        return (await db.select().from(schema.occurrences)).every((row) => row.status === "completed");
      });
    } finally {
      for (const { pool: own } of tickers) await own.end();
    }
    expect(rounds).toBeGreaterThan(1);
    const count = (hook: string) => emitted.filter((entry) => entry.hook === hook);
    for (const hook of ["maintenance.upcoming", "maintenance.started", "maintenance.ended"]) {
      expect(count(hook)).toHaveLength(12);
      expect(new Set(count(hook).map((entry) => entry.occurrenceId)).size).toBe(12);
    }
    const rows = await db.select().from(schema.occurrences);
    for (const row of rows) {
      expect(row.startedAt!.getTime()).toBeGreaterThanOrEqual(row.startsAt.getTime());
      expect(row.endedAt!.getTime()).toBeGreaterThanOrEqual(row.endsAt.getTime());
    }
  }, 60_000);
});
