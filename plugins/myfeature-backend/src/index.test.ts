import { describe, expect, test } from "bun:test";
import plugin from "./index";

describe("MyFeature Backend", () => {
  test("exports plugin", () => {
    expect(plugin.pluginId).toBe("myfeature");
    expect(plugin.register).toBeFunction();
  });
});
