import { describe, expect, test } from "bun:test";
import { healthCheckExtensionPoint, type BackendPlugin } from "@checkstack/backend-api";
import { captureRegistration } from "@checkstack/server/testing";

/**
 * The registration test every health-check strategy plugin has: the plugin `healthcheck-<strategyId>`
 * registers one strategy, `strategyId`, with a display name, at the health-check extension point,
 * and one init. A strategy plugin's index test is one call of this.
 */
export function testStrategyPluginRegistration(plugin: BackendPlugin, strategyId: string): void {
  describe(`healthcheck-${strategyId} plugin`, () => {
    test(`registers the ${strategyId} strategy at the health check extension point`, () => {
      const captured = captureRegistration(plugin);
      expect(plugin.pluginId).toBe(`healthcheck-${strategyId}`);
      expect(captured.extensions).toHaveLength(1);
      expect(captured.extensions[0]?.ref).toBe(healthCheckExtensionPoint);
      expect(captured.extensions[0]?.impl).toMatchObject({ id: strategyId, displayName: expect.any(String) });
      expect(captured.inits).toHaveLength(1);
    });
  });
}
