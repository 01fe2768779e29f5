import { describe, expect, test } from "bun:test";
import { describeExpectedStatus, expectedStatusSchema, statusMatches } from "./status-matcher";

describe("expected status", () => {
  test("a single code matches only itself", () => {
    expect(statusMatches(204, 204)).toBe(true);
    expect(statusMatches(204, 200)).toBe(false);
  });

  test("a class matches its hundred", () => {
    expect(statusMatches("2xx", 200)).toBe(true);
    expect(statusMatches("2XX", 299)).toBe(true);
    expect(statusMatches("2xx", 300)).toBe(false);
  });

  test("a range is inclusive", () => {
    expect(statusMatches("200-204", 204)).toBe(true);
    expect(statusMatches("200-204", 205)).toBe(false);
  });

  test("a list matches when any entry does", () => {
    expect(statusMatches([200, "3xx", "401-403"], 302)).toBe(true);
    expect(statusMatches([200, "3xx", "401-403"], 403)).toBe(true);
    expect(statusMatches([200, "3xx", "401-403"], 404)).toBe(false);
    expect(describeExpectedStatus([200, "3XX"])).toBe("200, 3xx");
  });

  test("rejects malformed specs with a clear message", () => {
    expect(expectedStatusSchema.safeParse("2xx").success).toBe(true);
    expect(expectedStatusSchema.safeParse([]).error?.issues[0]?.message).toContain("at least one");
    expect(expectedStatusSchema.safeParse(700).success).toBe(false);
    expect(expectedStatusSchema.safeParse("6xx").success).toBe(false);
    expect(expectedStatusSchema.safeParse("299-200").success).toBe(false);
    expect(expectedStatusSchema.safeParse("ok").error?.issues[0]?.message).toContain('"2xx"');
  });
});
