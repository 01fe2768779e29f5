import { describe, expect, test } from "bun:test";
import type { LiveEvent, Principal } from "@checkstack/backend-api";
import { LiveAccessFilter, type DecideLive } from "./live-access";

const viewer: Principal = { type: "user", id: "u1", roles: ["users"] };
const event = (systemId: string, extra: LiveEvent["audience"] = []): LiveEvent => ({
  name: "healthcheck.system.status",
  data: { systemId },
  audience: [{ rule: "catalog.system.read", resource: { type: "catalog.system", id: systemId } }, ...extra],
});

/** A decision table standing in for Postgres, counting the questions asked: what the filter caches is the point here. */
function table(allowed: Set<string>): { decide: DecideLive; asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    decide: async (_principal, rule, _type, ids) => {
      asked.push([rule, ...ids]);
      return new Set(ids.filter((id) => allowed.has(`${rule}:${id}`)));
    },
  };
}

describe("LiveAccessFilter", () => {
  test("one question per rule and resource type for a batch; remembered decisions are not asked again", async () => {
    const { decide, asked } = table(new Set(["catalog.system.read:s1", "healthcheck.status.read:"]));
    let now = 0;
    const filter = new LiveAccessFilter(viewer, decide, () => now);
    const status = [{ rule: "healthcheck.status.read" }];
    const kept = await filter.filter([event("s1", status), event("s2", status), event("s1", status)]);
    expect(kept.map((e) => (e.data as { systemId: string }).systemId)).toEqual(["s1", "s1"]);
    expect(asked).toEqual([["catalog.system.read", "s1", "s2"], ["healthcheck.status.read", ""]]);
    await filter.filter([event("s2", status)]);
    expect(asked).toHaveLength(2);
    // Past the decision's lifetime the question is asked again (grants of new resources show up).
    now += 11_000;
    await filter.filter([event("s2", status)]);
    expect(asked).toHaveLength(4);
  });

  test("reset (a new principal after an access change) forgets every decision", async () => {
    const { decide, asked } = table(new Set(["catalog.system.read:s1"]));
    const filter = new LiveAccessFilter(viewer, decide);
    expect(await filter.filter([event("s1")])).toHaveLength(1);
    filter.reset({ ...viewer });
    expect(await filter.filter([event("s1")])).toHaveLength(1);
    expect(asked).toHaveLength(2);
  });
});
