import { describe, expect, mock, test } from "bun:test";
import type { EmitHook } from "@checkstack/backend-api";
import { catalogHooks } from "@checkstack/catalog-common";
import { SystemEvents } from "./events";
import plugin from "./index";

describe("Catalog Backend", () => {
  test("exports plugin", () => {
    expect(plugin.pluginId).toBe("catalog");
    expect(plugin.register).toBeFunction();
  });
});

describe("SystemEvents", () => {
  test("refuses to announce before afterPluginsReady handed over emitHook, and after cleanup", async () => {
    const events = new SystemEvents();
    await expect(events.announce("systemCreated", { systemId: "s", name: "n" })).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    const emit = mock(async () => undefined);
    events.attach(emit as unknown as EmitHook);
    await events.announce("systemDeleted", { systemId: "s", name: "n" });
    expect(emit).toHaveBeenCalledWith(catalogHooks.systemDeleted, { systemId: "s", name: "n" });
    events.detach();
    await expect(events.announce("systemUpdated", { systemId: "s", name: "n" })).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
  });

  test("hook ids are the plugin's: catalog.systemCreated, catalog.systemUpdated, catalog.systemDeleted", () => {
    expect(Object.values(catalogHooks).map((hook) => hook.id)).toEqual(["catalog.systemCreated", "catalog.systemUpdated", "catalog.systemDeleted"]);
  });
});
