import { describe, expect, test } from "bun:test";
import type { Principal } from "@checkstack/backend-api";
import { AccessMemo } from "./access-memo";

const alice: Principal = { type: "user", id: "alice", roles: ["viewer"] };
const bob: Principal = { type: "user", id: "bob", roles: [] };

describe("AccessMemo", () => {
  test("a remembered principal comes back with its epoch until its session expires", () => {
    let now = 1_000;
    const memo = new AccessMemo(100, () => now);
    const remembered = { ...alice };
    memo.rememberPrincipal("cookie-a", { principal: remembered, epoch: 7, until: 2_000 });
    expect(memo.principal("cookie-a")?.principal).toBe(remembered);
    expect(memo.epochOf(remembered)).toBe(7);
    // Only the remembered object carries an epoch: an equal principal read fresh does not.
    expect(memo.epochOf({ ...alice })).toBeUndefined();
    now = 2_000;
    expect(memo.principal("cookie-a")).toBeUndefined();
  });

  test("decisions are keyed by who, which rules and which resource, not by the roles a principal carried", () => {
    const memo = new AccessMemo();
    memo.rememberAllowed(alice, ["demo.item.read"], { type: "demo.item", id: "1" }, 3);
    expect(memo.allowedAt({ ...alice, roles: [] }, ["demo.item.read"], { type: "demo.item", id: "1" })).toBe(3);
    expect(memo.allowedAt(alice, ["demo.item.read"], { type: "demo.item", id: "2" })).toBeUndefined();
    expect(memo.allowedAt(alice, ["demo.item.read"], undefined)).toBeUndefined();
    expect(memo.allowedAt(alice, ["demo.item.manage"], { type: "demo.item", id: "1" })).toBeUndefined();
    expect(memo.allowedAt(bob, ["demo.item.read"], { type: "demo.item", id: "1" })).toBeUndefined();
    expect(memo.allowedAt({ type: "application", id: "alice", roles: [] }, ["demo.item.read"], { type: "demo.item", id: "1" })).toBeUndefined();
  });

  test("forgetBelow drops what was read before the epoch Postgres is at, and keeps the rest", () => {
    const memo = new AccessMemo();
    memo.rememberPrincipal("old", { principal: { ...alice }, epoch: 4, until: Number.POSITIVE_INFINITY });
    memo.rememberPrincipal("new", { principal: { ...bob }, epoch: 5, until: Number.POSITIVE_INFINITY });
    memo.rememberAllowed(alice, ["r"], undefined, 4);
    memo.rememberAllowed(bob, ["r"], undefined, 5);
    memo.forgetBelow(5);
    expect(memo.principal("old")).toBeUndefined();
    expect(memo.principal("new")).toBeDefined();
    expect(memo.allowedAt(alice, ["r"], undefined)).toBeUndefined();
    expect(memo.allowedAt(bob, ["r"], undefined)).toBe(5);
  });

  test("holds at most its capacity, dropping the oldest first", () => {
    const memo = new AccessMemo(3);
    for (let index = 0; index < 5; index++) {
      memo.rememberPrincipal(`credential-${index}`, { principal: { ...alice }, epoch: 1, until: Number.POSITIVE_INFINITY });
      memo.rememberAllowed({ type: "user", id: `u${index}`, roles: [] }, ["r"], undefined, 1);
    }
    expect(memo.size).toEqual({ principals: 3, decisions: 3 });
    expect(memo.principal("credential-0")).toBeUndefined();
    expect(memo.principal("credential-4")).toBeDefined();
  });
});
