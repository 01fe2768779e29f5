import { describe, expect, test } from "bun:test";
import { ResponseCache } from "./response-cache";

/** A build the test finishes when it wants, so concurrency is decided by the test, not by timing. */
function gate<T>() {
  let open: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

describe("ResponseCache", () => {
  test("concurrent misses share one build; later hits build nothing", async () => {
    const cache = new ResponseCache<string>();
    const build = gate<string>();
    const answers = Array.from({ length: 20 }, () => cache.get("k", () => build.promise));
    build.open("v1");
    expect(await Promise.all(answers)).toEqual(Array(20).fill("v1"));
    expect(await cache.get("k", async () => "other")).toBe("v1");
    expect(cache.builds).toBe(1);
  });

  test("a build begun before an invalidation answers its waiters but is not kept", async () => {
    const cache = new ResponseCache<string>();
    const stale = gate<string>();
    const early = cache.get("k", () => stale.promise);
    cache.invalidate();
    const fresh = cache.get("k", async () => "new");
    stale.open("old");
    expect(await early).toBe("old");
    expect(await fresh).toBe("new");
    expect(await cache.get("k", async () => "unused")).toBe("new");
    expect(cache.builds).toBe(2);
  });

  test("a failed build is not cached; the next request builds again", async () => {
    const cache = new ResponseCache<string>();
    await expect(cache.get("k", () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await cache.get("k", async () => "recovered")).toBe("recovered");
  });

  test("the number of entries is bounded", async () => {
    const cache = new ResponseCache<number>(3);
    for (let index = 0; index < 10; index++) await cache.get(`k${index}`, async () => index);
    let rebuilt = 0;
    for (let index = 0; index < 10; index++) await cache.get(`k${index}`, async () => ++rebuilt);
    expect(rebuilt).toBeGreaterThanOrEqual(7);
  });
});
