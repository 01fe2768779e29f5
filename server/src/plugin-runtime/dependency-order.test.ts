import { describe, expect, test } from "bun:test";
import { orderByDependencies, PluginOrderError } from "./dependency-order";

describe("orderByDependencies", () => {
  test("providers come before the plugins that need their services", () => {
    const order = orderByDependencies([
      { pluginId: "incidents", provides: [], needs: ["catalog.systems", "notify.sender"] },
      { pluginId: "notify", provides: ["notify.sender"], needs: ["catalog.systems"] },
      { pluginId: "catalog", provides: ["catalog.systems"], needs: [] },
    ]);
    expect(order).toEqual(["catalog", "notify", "incidents"]);
  });

  test("independent plugins keep their discovery order", () => {
    const order = orderByDependencies([
      { pluginId: "b", provides: [], needs: [] },
      { pluginId: "a", provides: [], needs: [] },
      { pluginId: "c", provides: [], needs: [] },
    ]);
    expect(order).toEqual(["b", "a", "c"]);
  });

  test("a cycle stops with an error naming every plugin in it", () => {
    const attempt = () =>
      orderByDependencies([
        { pluginId: "standalone", provides: [], needs: [] },
        { pluginId: "alpha", provides: ["alpha.api"], needs: ["gamma.api"] },
        { pluginId: "beta", provides: ["beta.api"], needs: ["alpha.api"] },
        { pluginId: "gamma", provides: ["gamma.api"], needs: ["beta.api"] },
      ]);
    expect(attempt).toThrow(PluginOrderError);
    expect(attempt).toThrow("plugin dependency cycle: alpha -> gamma -> beta -> alpha");
  });

  test("a plugin needing its own service is not a cycle", () => {
    expect(orderByDependencies([{ pluginId: "solo", provides: ["solo.api"], needs: ["solo.api"] }])).toEqual(["solo"]);
  });

  test("a service nobody provides is named in the error", () => {
    expect(() => orderByDependencies([{ pluginId: "needy", provides: [], needs: ["ghost.api"] }])).toThrow(
      'plugin "needy" needs service "ghost.api", which no plugin provides',
    );
  });

  test("services of plugins already running satisfy new plugins", () => {
    expect(orderByDependencies([{ pluginId: "late", provides: [], needs: ["early.api"] }], new Set(["early.api"]))).toEqual([
      "late",
    ]);
  });

  test("two providers of one service are refused", () => {
    expect(() =>
      orderByDependencies([
        { pluginId: "one", provides: ["x.api"], needs: [] },
        { pluginId: "two", provides: ["x.api"], needs: [] },
      ]),
    ).toThrow('service "x.api" is provided by both "one" and "two"');
  });
});
