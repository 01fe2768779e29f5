import { describe, expect, test } from "bun:test";
import { inlineParameters } from "./inline-parameters";

describe("inlineParameters", () => {
  test("replaces placeholders with quoted literals, NULLs and escaped quotes", () => {
    expect(inlineParameters("select $1, $2, $10", ["a'b", null, ...Array(7).fill("x"), "ten"])).toBe("select 'a''b', NULL, 'ten'");
  });

  test("leaves placeholders inside strings, identifiers and dollar quotes alone", () => {
    expect(inlineParameters(`select '$1', "$1", $fn$ $1 $fn$, $1`, ["v"])).toBe(`select '$1', "$1", $fn$ $1 $fn$, 'v'`);
  });

  test("dates, arrays and objects go in as pg would send them", () => {
    const sql = inlineParameters("select $1, $2, $3", [new Date("2026-01-02T03:04:05.000Z"), ["a", "b"], { k: 1 }]);
    expect(sql).toContain(`'{"a","b"}'`);
    expect(sql).toContain(`'{"k":1}'`);
    expect(sql).toMatch(/^select '2026-01-02/);
  });

  test("binary values cannot be inlined", () => {
    expect(inlineParameters("select $1", [Buffer.from("x")])).toBeUndefined();
  });
});
