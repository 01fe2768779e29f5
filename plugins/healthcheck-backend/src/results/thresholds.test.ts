import { describe, expect, test } from "bun:test";
import { judge, systemStatusOf } from "./thresholds";

describe("thresholds", () => {
  test("consecutive failures: degraded after N, unhealthy after M, healthy again at once", () => {
    const thresholds = { degradedAfter: 2, unhealthyAfter: 3 };
    let state = judge(undefined, false, thresholds);
    expect(state.status).toBe("healthy");
    state = judge(state, false, thresholds);
    expect(state.status).toBe("degraded");
    state = judge(state, false, thresholds);
    expect(state).toMatchObject({ status: "unhealthy", consecutiveFailures: 3 });
    state = judge(state, true, thresholds);
    expect(state).toMatchObject({ status: "healthy", consecutiveFailures: 0, recent: "1000" });
  });

  test("M failures among the last W runs make it unhealthy even when they are not consecutive", () => {
    const thresholds = { degradedAfter: 5, unhealthyAfter: 5, window: { size: 4, unhealthyFailures: 2 } };
    let state = judge(undefined, false, thresholds);
    state = judge(state, true, thresholds);
    expect(state.status).toBe("healthy");
    state = judge(state, false, thresholds);
    expect(state.status).toBe("unhealthy");
  });

  test("a system is as bad as its worst check", () => {
    expect(systemStatusOf([])).toBe("unknown");
    expect(systemStatusOf(["healthy", "degraded", "healthy"])).toBe("degraded");
    expect(systemStatusOf(["unhealthy", "degraded"])).toBe("unhealthy");
  });
});
