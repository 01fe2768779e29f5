import { describe, expect, test } from "bun:test";
import { InputError } from "@checkstack/backend-api";
import { dateInput } from "@checkstack/common";
import { acceptInput, MAX_INPUT_DEPTH } from "./input-guards";
import { checkRequestBody } from "./request-body";

function refusal(input: unknown): InputError {
  try {
    acceptInput(input);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected the input to be refused");
}

function nested(levels: number): unknown {
  let value: unknown = "leaf";
  for (let level = 0; level < levels; level++) value = { next: value };
  return value;
}

describe("acceptInput", () => {
  test("a NUL anywhere, value or key, is a 400 naming its path", () => {
    expect(refusal({ systemId: "\u0000" }).message).toBe("systemId: must not contain NUL characters (\\u0000)");
    expect(refusal({ config: { headers: [{ name: "a\u0000b" }] } }).issues).toEqual([
      { path: "config.headers.0.name", message: "must not contain NUL characters (\\u0000)" },
    ]);
    expect(refusal({ metadata: { "k\u0000": "v" } }).message).toStartWith("metadata.k\\u0000: ");
    expect(refusal("\u0000").message).toStartWith("input: ");
  });

  test("nesting is limited; what is within the limit passes untouched", () => {
    expect(refusal({ equals: nested(10_000) }).message).toContain(`nested deeper than ${MAX_INPUT_DEPTH} levels`);
    expect(acceptInput({ equals: nested(MAX_INPUT_DEPTH - 2) })).toEqual({ equals: nested(MAX_INPUT_DEPTH - 2) });
  });

  test("values JSON cannot carry are refused: BigInt, Map, Set, NaN", () => {
    expect(refusal({ equals: 10n }).message).toBe("equals: BigInt values are not accepted; send a number or a string");
    expect(refusal({ a: new Map() }).message).toStartWith("a: Map values");
    expect(refusal({ a: [new Set()] }).message).toStartWith("a.0: Set values");
    expect(refusal({ n: Number.NaN }).message).toBe("n: must be a finite number");
  });

  test("dates PostgreSQL cannot store are refused by field", () => {
    expect(refusal({ from: new Date(-8.64e15) }).message).toBe("from: must be a date between 0001-01-01 and 9999-12-31");
    expect(refusal({ to: new Date(Number.NaN) }).message).toStartWith("to: ");
    const when = new Date("2026-01-01T00:00:00Z");
    expect(acceptInput({ from: when })).toEqual({ from: when });
  });

  test("UUIDs are lower-cased so an upper-cased id names the same thing", () => {
    expect(acceptInput({ systemId: "3F1C2B9E-4D5A-4B6C-8D7E-9F0A1B2C3D4E", name: "Keep Case" })).toEqual({
      systemId: "3f1c2b9e-4d5a-4b6c-8d7e-9f0a1b2c3d4e",
      name: "Keep Case",
    });
  });
});

describe("dateInput", () => {
  const schema = dateInput();
  test("missing says required; out of range names the range; good dates parse", () => {
    expect(schema.safeParse(undefined).error?.issues[0]?.message).toBe("required");
    expect(schema.safeParse("-271821-04-20T00:00:00Z").error?.issues[0]?.message).toBe("must be a date between 0001-01-01 and 9999-12-31");
    expect(schema.safeParse("yesterday").error?.issues[0]?.message).toStartWith("must be a date");
    expect(schema.parse("2026-01-01T00:00:00Z")).toEqual(new Date("2026-01-01T00:00:00Z"));
  });
});

describe("checkRequestBody", () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    new Request("http://localhost/api/x/y", { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

  test("a body without the json wrapper is told what the wrapper is", async () => {
    const checked = await checkRequestBody(post(JSON.stringify({ name: "x", count: 1 })));
    expect("error" in checked && checked.error.message).toBe('body: request body must be {"json": <input>}; got an object with "name", "count"');
  });

  test("the wrapper passes, its body still readable", async () => {
    const checked = await checkRequestBody(post(JSON.stringify({ json: { name: "x" } })));
    expect("request" in checked && (await checked.request.json())).toEqual({ json: { name: "x" } });
  });

  test("too large a body is a 413", async () => {
    const checked = await checkRequestBody(post(JSON.stringify({ json: "x".repeat(1024 * 1024 + 10) })));
    expect("error" in checked && checked.status).toBe(413);
  });
});
