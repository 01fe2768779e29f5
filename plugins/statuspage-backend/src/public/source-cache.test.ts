import { describe, expect, test } from "bun:test";
import { SourceCache } from "./source-cache";

describe("SourceCache", () => {
  test("a value is reused until it is older than maxAge or cleared; concurrent misses share one load", async () => {
    let clock = 0;
    const cache = new SourceCache<number>(1000, 10, () => clock);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get("k", load), cache.get("k", load), cache.get("k", load)])).toEqual([1, 1, 1]);
    clock = 999;
    expect(await cache.get("k", load)).toBe(1);
    clock = 1000;
    expect(await cache.get("k", load)).toBe(2);
    cache.invalidate();
    expect(await cache.get("k", load)).toBe(3);
    expect(cache.loads).toBe(3);
  });

  test("a load begun before a clear answers its waiters but is not kept", async () => {
    const cache = new SourceCache<string>(60_000);
    let release: (value: string) => void = () => undefined;
    const stale = cache.get("k", () => new Promise<string>((resolve) => (release = resolve)));
    cache.invalidate();
    release("before the change");
    expect(await stale).toBe("before the change");
    expect(await cache.get("k", async () => "after the change")).toBe("after the change");
  });
});
