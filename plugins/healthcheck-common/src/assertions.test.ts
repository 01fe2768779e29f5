import { describe, expect, test } from "bun:test";
import { AssertionSchema } from "./assertions";

function nested(levels: number): unknown {
  let value: unknown = "leaf";
  for (let level = 0; level < levels; level++) value = { next: value };
  return value;
}

describe("assertion values are bounded", () => {
  const schema = AssertionSchema;
  test("a value nested or sized beyond the limits is refused at its path", () => {
    const deep = schema.safeParse({ type: "jsonPath", path: "$.a", equals: nested(20) });
    expect(deep.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["equals", "nested deeper than 16 levels"]]);
    const huge = schema.safeParse({ type: "jsonPath", path: "$.a", equals: "x".repeat(70 * 1024) });
    expect(huge.error?.issues[0]?.message).toBe("larger than 65536 bytes as JSON");
    expect(schema.safeParse({ type: "jsonPath", path: "$.a", equals: { ok: [1, 2, { deep: true }] } }).success).toBe(true);
  });
});
