import { healthCheckExtensionPoint, type RegistrationEnv } from "@checkstack/backend-api";
import { describe, expect, test } from "bun:test";
import plugin from "./index";

describe("healthcheck-postgres plugin", () => {
  test("registers the postgres strategy at the health check extension point", () => {
    const registered: Array<{ ref: unknown; impl: unknown }> = [];
    const inits: unknown[] = [];
    const env = {
      pluginId: plugin.pluginId,
      registerExtensionPoint: (ref: unknown, impl: unknown) => registered.push({ ref, impl }),
      registerInit: (config: unknown) => inits.push(config),
    } as unknown as RegistrationEnv;

    plugin.register(env);

    expect(plugin.pluginId).toBe("healthcheck-postgres");
    expect(registered).toHaveLength(1);
    expect(registered[0]?.ref).toBe(healthCheckExtensionPoint);
    expect(registered[0]?.impl).toMatchObject({ id: "postgres", displayName: expect.any(String) });
    expect(inits).toHaveLength(1);
  });
});
