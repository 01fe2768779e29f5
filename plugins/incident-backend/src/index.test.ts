import { describe, expect, test } from "bun:test";
import { createRecordingLogger, statusPageContentExtensionPoint, type StatusPageContentSource } from "@checkstack/backend-api";
import { captureRegistration } from "@checkstack/test-utils";
import { incidentHooks } from "@checkstack/incident-common";
import plugin from "./index";

describe("incident plugin registration", () => {
  test("plugin id, rules, hook ids", () => {
    const captured = captureRegistration(plugin);
    expect(plugin.pluginId).toBe("incident");
    expect(captured.accessRules.map((rule) => rule.id).sort()).toEqual(["incident.incident.manage", "incident.incident.read"]);
    expect(Object.values(incidentHooks).map((hook) => hook.id)).toEqual(["incident.created", "incident.updated", "incident.resolved"]);
  });

  test("the status-page source refuses before the plugin is ready, then asks publicIncidents as the plugin's service principal", async () => {
    const captured = captureRegistration(plugin);
    const entry = captured.extensions.find((extension) => (extension.ref as { id: string }).id === statusPageContentExtensionPoint.id);
    const source = entry?.impl as StatusPageContentSource;
    const since = new Date("2026-01-01T00:00:00Z");
    await expect(source.incidents!({ systemIds: [], since })).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });

    const asked: Array<{ options: unknown; query: unknown }> = [];
    const rpcClient = {
      forPlugin: (_api: unknown, options?: unknown) => ({
        publicIncidents: async (query: unknown) => {
          asked.push({ options, query });
          return { incidents: [] };
        },
      }),
    };
    await captured.inits[0]!.afterPluginsReady!({ emitHook: async () => undefined, rpcClient, logger: createRecordingLogger() });
    expect(await source.incidents!({ systemIds: ["s1"], since })).toEqual([]);
    // No actAs: the call runs as the incident plugin, not as the (possibly anonymous) page visitor.
    expect(asked).toEqual([{ options: undefined, query: { systemIds: ["s1"], since } }]);
  });
});
