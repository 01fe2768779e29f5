import { describe, expect, test } from "bun:test";
import plugin from "./index";

describe("auth backend", () => {
  test("exports the plugin", () => {
    expect(plugin.pluginId).toBe("auth");
    expect(plugin.register).toBeFunction();
  });
});
