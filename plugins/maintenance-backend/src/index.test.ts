import { describe, expect, test } from "bun:test";
import { captureRegistration } from "@checkstack/test-utils";
import { maintenanceHooks, maintenanceServiceRef, type MaintenanceService } from "@checkstack/maintenance-common";
import { maintenanceProviderExtensionPoint, type MaintenanceProvider } from "@checkstack/notification-common";
import plugin from "./index";

describe("maintenance plugin registration", () => {
  test("plugin id, rules, hook ids, and the service alerting depends on", async () => {
    const captured = captureRegistration(plugin);
    expect(plugin.pluginId).toBe("maintenance");
    expect(captured.accessRules.map((rule) => rule.id).sort()).toEqual(["maintenance.window.manage", "maintenance.window.read"]);
    expect(Object.values(maintenanceHooks).map((hook) => hook.id)).toEqual(["maintenance.upcoming", "maintenance.started", "maintenance.ended"]);
    const service = captured.services.find((entry) => (entry.ref as { id: string }).id === maintenanceServiceRef.id)?.impl as MaintenanceService;
    expect(maintenanceServiceRef.id).toBe("maintenance.maintenance");
    // Before init there is no database to answer from: a 503, never a silent "nothing under maintenance".
    await expect(service.activeFor(["s1"], new Date())).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    // And alerting's maintenance provider, at the notification plugin's extension point.
    const provider = captured.extensions.find((entry) => (entry.ref as { id: string }).id === maintenanceProviderExtensionPoint.id)?.impl as MaintenanceProvider;
    expect(provider.id).toBe("maintenance");
    await expect(provider.windowAt("s1", new Date())).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
  });
});
