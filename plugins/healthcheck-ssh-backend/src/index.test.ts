import { describe, expect, test } from "bun:test";
import { healthCheckExtensionPoint } from "@checkstack/backend-api";
import { captureRegistration } from "@checkstack/test-utils";
import plugin from "./index";

describe("healthcheck-ssh plugin", () => {
  test("registers the ssh strategy at the health check extension point", () => {
    const captured = captureRegistration(plugin);
    expect(plugin.pluginId).toBe("healthcheck-ssh");
    expect(captured.extensions).toHaveLength(1);
    expect(captured.extensions[0]?.ref).toBe(healthCheckExtensionPoint);
    expect(captured.extensions[0]?.impl).toMatchObject({ id: "ssh", displayName: expect.any(String) });
    expect(captured.inits).toHaveLength(1);
  });
});
