import { describe, expect, test } from "bun:test";
import type { Recurrence } from "@checkstack/maintenance-common";
import { occurrencesBetween, validateTiming, type WindowTiming } from "./calculator";

const timing = (overrides: Partial<WindowTiming> & { recurrence: Recurrence }): WindowTiming => ({
  start: "2026-03-27T02:30",
  end: "2026-03-27T03:30",
  timezone: "Europe/Berlin",
  until: null,
  ...overrides,
});
const iso = (list: Array<{ startsAt: Date; endsAt: Date }>) => list.map((entry) => [entry.startsAt.toISOString(), entry.endsAt.toISOString()]);
const at = (text: string) => new Date(text);

describe("daily windows across daylight saving (Europe/Berlin, 2026)", () => {
  test("02:30 on the spring-forward night (29 March, 02:00 → 03:00) runs at 03:30 CEST, still one hour long", () => {
    const daily = timing({ recurrence: { kind: "daily" } });
    expect(iso(occurrencesBetween(daily, at("2026-03-27T00:00Z"), at("2026-03-31T00:00Z")))).toEqual([
      ["2026-03-27T01:30:00.000Z", "2026-03-27T02:30:00.000Z"], // 02:30 CET
      ["2026-03-28T01:30:00.000Z", "2026-03-28T02:30:00.000Z"], // 02:30 CET
      ["2026-03-29T01:30:00.000Z", "2026-03-29T02:30:00.000Z"], // 02:30 does not exist: 03:30 CEST
      ["2026-03-30T00:30:00.000Z", "2026-03-30T01:30:00.000Z"], // 02:30 CEST
    ]);
  });

  test("a first start inside the gap does not drag later occurrences: they stay at 02:30", () => {
    // Written 02:30–04:00: 02:30 does not exist that night, so the first runs 03:30–04:00 CEST (30 minutes).
    const daily = timing({ start: "2026-03-29T02:30", end: "2026-03-29T04:00", recurrence: { kind: "daily" } });
    expect(iso(occurrencesBetween(daily, at("2026-03-29T00:00Z"), at("2026-03-31T00:00Z")))).toEqual([
      ["2026-03-29T01:30:00.000Z", "2026-03-29T02:00:00.000Z"], // 03:30–04:00 CEST
      ["2026-03-30T00:30:00.000Z", "2026-03-30T01:00:00.000Z"], // 02:30 CEST, as long as the first
    ]);
  });

  test("02:30 on the fall-back night (25 October, 03:00 → 02:00) is its first passage, in summer time", () => {
    const daily = timing({ start: "2026-10-24T02:30", end: "2026-10-24T03:30", recurrence: { kind: "daily" } });
    expect(iso(occurrencesBetween(daily, at("2026-10-24T00:00Z"), at("2026-10-27T00:00Z")))).toEqual([
      ["2026-10-24T00:30:00.000Z", "2026-10-24T01:30:00.000Z"], // 02:30 CEST
      ["2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z"], // 02:30 CEST, the first of the two
      ["2026-10-26T01:30:00.000Z", "2026-10-26T02:30:00.000Z"], // 02:30 CET
    ]);
  });

  test("a 09:00 window stays at 09:00 on the wall clock, so its UTC time moves by an hour", () => {
    const daily = timing({ start: "2026-03-28T09:00", end: "2026-03-28T10:30", recurrence: { kind: "daily" } });
    expect(iso(occurrencesBetween(daily, at("2026-03-28T00:00Z"), at("2026-03-30T00:00Z")))).toEqual([
      ["2026-03-28T08:00:00.000Z", "2026-03-28T09:30:00.000Z"],
      ["2026-03-29T07:00:00.000Z", "2026-03-29T08:30:00.000Z"],
    ]);
  });

  test("only occurrences starting in [from, to) are returned, never before the first, never after until", () => {
    const daily = timing({ start: "2026-05-10T12:00", end: "2026-05-10T13:00", timezone: "UTC", until: "2026-05-12T12:00", recurrence: { kind: "daily" } });
    expect(iso(occurrencesBetween(daily, at("2026-05-01T00:00Z"), at("2026-06-01T00:00Z"))).map(([start]) => start)).toEqual([
      "2026-05-10T12:00:00.000Z",
      "2026-05-11T12:00:00.000Z",
      "2026-05-12T12:00:00.000Z",
    ]);
    expect(occurrencesBetween(daily, at("2026-05-11T12:00:00.001Z"), at("2026-05-12T12:00Z"))).toEqual([]);
  });
});

describe("weekly, monthly, once and cron", () => {
  test("weekly on chosen days", () => {
    // 2026-06-01 is a Monday.
    const weekly = timing({ start: "2026-06-01T22:00", end: "2026-06-01T23:00", timezone: "UTC", recurrence: { kind: "weekly", days: ["mon", "thu"] } });
    expect(iso(occurrencesBetween(weekly, at("2026-06-01T00:00Z"), at("2026-06-12T00:00Z"))).map(([start]) => start)).toEqual([
      "2026-06-01T22:00:00.000Z",
      "2026-06-04T22:00:00.000Z",
      "2026-06-08T22:00:00.000Z",
      "2026-06-11T22:00:00.000Z",
    ]);
  });

  test('"last" is each month\'s own last day, leap February included', () => {
    const last = timing({ start: "2027-12-31T23:00", end: "2028-01-01T01:00", timezone: "Europe/Berlin", recurrence: { kind: "monthly", dayOfMonth: "last" } });
    const starts = occurrencesBetween(last, at("2027-12-01T00:00Z"), at("2028-05-01T00:00Z")).map((entry) => entry.startsAt.toISOString());
    expect(starts).toEqual([
      "2027-12-31T22:00:00.000Z",
      "2028-01-31T22:00:00.000Z",
      "2028-02-29T22:00:00.000Z",
      "2028-03-31T21:00:00.000Z", // summer time began on 26 March
      "2028-04-30T21:00:00.000Z",
    ]);
  });

  test("a fixed day past the month's end is skipped (31 → no April, no June)", () => {
    const monthly = timing({ start: "2026-03-31T04:00", end: "2026-03-31T05:00", timezone: "UTC", recurrence: { kind: "monthly", dayOfMonth: 31 } });
    const starts = occurrencesBetween(monthly, at("2026-03-01T00:00Z"), at("2026-08-01T00:00Z")).map((entry) => entry.startsAt.toISOString().slice(0, 10));
    expect(starts).toEqual(["2026-03-31", "2026-05-31", "2026-07-31"]);
  });

  test("once: the first occurrence alone", () => {
    const once = timing({ recurrence: { kind: "once" } });
    expect(iso(occurrencesBetween(once, at("2026-01-01T00:00Z"), at("2027-01-01T00:00Z")))).toEqual([["2026-03-27T01:30:00.000Z", "2026-03-27T02:30:00.000Z"]]);
  });

  test("cron starts in the window's timezone, each as long as the first occurrence", () => {
    // Mondays at 03:00 New York time; US summer time began on 8 March 2026.
    const cron = timing({ start: "2026-03-02T03:00", end: "2026-03-02T03:45", timezone: "America/New_York", recurrence: { kind: "cron", expression: "0 3 * * 1" } });
    expect(iso(occurrencesBetween(cron, at("2026-03-01T00:00Z"), at("2026-03-17T00:00Z")))).toEqual([
      ["2026-03-02T08:00:00.000Z", "2026-03-02T08:45:00.000Z"],
      ["2026-03-09T07:00:00.000Z", "2026-03-09T07:45:00.000Z"],
      ["2026-03-16T07:00:00.000Z", "2026-03-16T07:45:00.000Z"],
    ]);
  });
});

describe("validation names the field", () => {
  const bad = (overrides: Partial<WindowTiming>) => {
    try {
      validateTiming(timing({ recurrence: { kind: "daily" }, ...overrides }));
      return "accepted";
    } catch (error) {
      return (error as { code: string; message: string }).code + " " + (error as Error).message;
    }
  };

  test("unknown timezone, end before start, until before start, impossible date, bad cron", () => {
    expect(bad({ timezone: "Mars/Olympus" })).toStartWith("BAD_REQUEST timezone: unknown timezone");
    expect(bad({ end: "2026-03-27T02:00" })).toBe("BAD_REQUEST end: must be after start");
    expect(bad({ end: "2026-03-27T02:30" })).toBe("BAD_REQUEST end: must be after start");
    // 02:30 is skipped that night (it becomes 03:30 CEST), so an end at 03:00 is before the start.
    expect(bad({ start: "2026-03-29T02:30", end: "2026-03-29T03:00" })).toBe("BAD_REQUEST end: must be after start");
    expect(bad({ until: "2026-03-01T00:00" })).toBe("BAD_REQUEST until: must not be before start");
    expect(bad({ start: "2026-02-30T02:30" })).toStartWith("BAD_REQUEST start: ");
    expect(bad({ recurrence: { kind: "cron", expression: "61 * * * *" } })).toStartWith("BAD_REQUEST recurrence.expression: not a valid cron expression");
    expect(bad({ recurrence: { kind: "cron", expression: "*/15 2 * * mon-fri" } })).toBe("accepted");
  });
});
