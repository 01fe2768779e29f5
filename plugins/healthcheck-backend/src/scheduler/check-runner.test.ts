import { describe, expect, test } from "bun:test";
import { LARGE_METADATA_LIMITS, storableMetadata } from "./check-runner";

describe("stored run metadata", () => {
  test("long values are cut, long structured values dropped, short ones kept", () => {
    const stored = storableMetadata({ statusCode: 200, body: "x".repeat(2_000), json: { items: "y".repeat(2_000) } });
    expect(stored.statusCode).toBe(200);
    expect(stored.body).toBe(`${"x".repeat(1024)}…`);
    expect(stored).not.toHaveProperty("json");
  });

  test("a browser check's screenshot and step timeline are kept whole, up to their own limits", () => {
    const screenshot = `data:image/png;base64,${Buffer.alloc(300 * 1024, 7).toString("base64")}`;
    const steps = Array.from({ length: 50 }, (_, index) => ({ name: `step ${index} ${"n".repeat(60)}`, action: "click", durationMs: index, ok: true }));
    const stored = storableMetadata({ screenshot, steps });
    expect(stored.screenshot).toBe(screenshot);
    expect(stored.steps).toEqual(steps);
  });

  test("a screenshot over its limit is left out (never cut) and the omission is said", () => {
    const limit = LARGE_METADATA_LIMITS["screenshot"] ?? 0;
    const stored = storableMetadata({ screenshot: "a".repeat(limit + 1) });
    expect(stored).not.toHaveProperty("screenshot");
    expect(stored.screenshotOmitted).toBe(`${limit + 1} characters, over the ${limit} kept`);
  });
});
