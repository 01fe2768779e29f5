import { describe, expect, test } from "bun:test";
import type { RegistrationEnv } from "@checkstack/backend-api";
import { accessRuleList } from "@checkstack/status-notes-common";
import plugin from "./index";

describe("StatusNotes backend", () => {
  test("exports the plugin", () => {
    expect(plugin.pluginId).toBe("status-notes");
    expect(plugin.register).toBeFunction();
  });

  test("registers its access rules and an init", () => {
    const rules: unknown[] = [];
    let inits = 0;
    const env = {
      pluginId: plugin.pluginId,
      registerAccessRules: (list: unknown[]) => rules.push(...list),
      registerInit: () => {
        inits += 1;
      },
    } as unknown as RegistrationEnv;
    plugin.register(env);
    expect(rules).toEqual(accessRuleList);
    expect(inits).toBe(1);
  });
});
