import { describe, expect, test } from "bun:test";
import { failedAssertions, readJsonPath } from "./assertions";

const run = {
  latencyMs: 120,
  metadata: { statusCode: 200, body: '{"status":"ok","items":[{"ok":true}]}', json: { status: "ok", items: [{ ok: true }] }, daysUntilExpiry: 20, region: "eu" },
};

describe("assertions", () => {
  test("all holding: no failures", () => {
    expect(
      failedAssertions(
        [
          { type: "statusCode", in: [200, 204] },
          { type: "latency", maxMs: 500 },
          { type: "bodyContains", text: '"ok"' },
          { type: "bodyMatches", pattern: "status.:.ok" },
          { type: "jsonPath", path: "$.items[0].ok", equals: true },
          { type: "certificateDaysLeft", min: 14 },
          { type: "metadata", key: "region", equals: "eu" },
        ],
        run,
      ),
    ).toEqual([]);
  });

  test("each failure is described", () => {
    expect(
      failedAssertions(
        [
          { type: "statusCode", in: [500] },
          { type: "latency", maxMs: 100 },
          { type: "jsonPath", path: "$.status", equals: "down" },
          { type: "certificateDaysLeft", min: 30 },
        ],
        run,
      ),
    ).toEqual(["status 200 not in 500", "latency 120 ms over 100 ms", '$.status is "ok", expected "down"', "certificate expires in 20 days (minimum 30)"]);
  });

  test("json paths", () => {
    expect(readJsonPath({ a: { b: [1, { c: 3 }] } }, "$.a.b[1].c")).toBe(3);
    expect(readJsonPath({ a: 1 }, "$.a.b")).toBeUndefined();
    expect(readJsonPath(null, "$.a")).toBeUndefined();
  });
});
