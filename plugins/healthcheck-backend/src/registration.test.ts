import { describe, expect, test } from "bun:test";
import { healthCheckExtensionPoint } from "@checkstack/backend-api";
import { healthcheckAccessRules } from "@checkstack/healthcheck-common";
import { captureRegistration } from "@checkstack/test-utils";
import plugin from "./index";

describe("healthcheck plugin registration (captureRegistration uses the platform's own)", () => {
  test("reads its own extension point and registers its rules qualified with its id", () => {
    const captured = captureRegistration(plugin);
    expect(healthCheckExtensionPoint.ownerPluginId).toBe(plugin.pluginId);
    expect(captured.accessRules.map((rule) => rule.id)).toEqual(healthcheckAccessRules.map((rule) => `healthcheck.${rule.id}`));
    expect(captured.inits).toHaveLength(1);
  });
});
