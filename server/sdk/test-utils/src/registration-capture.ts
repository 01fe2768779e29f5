import type { BackendPlugin, RegistrationEnv } from "@checkstack/backend-api";

export interface CapturedRegistration {
  extensions: Array<{ ref: unknown; impl: unknown }>;
  services: Array<{ ref: unknown; impl: unknown }>;
  accessRules: unknown[];
  inits: unknown[];
}

/** Runs a plugin's register() against a recording environment, for tests of what a plugin declares. */
export function captureRegistration(plugin: BackendPlugin): CapturedRegistration {
  const captured: CapturedRegistration = { extensions: [], services: [], accessRules: [], inits: [] };
  const env = {
    pluginId: plugin.pluginId,
    registerExtensionPoint: (ref: unknown, impl: unknown) => captured.extensions.push({ ref, impl }),
    registerService: (ref: unknown, impl: unknown) => captured.services.push({ ref, impl }),
    registerAccessRules: (rules: unknown[]) => captured.accessRules.push(...rules),
    registerInit: (config: unknown) => captured.inits.push(config),
    registerCleanup: () => undefined,
    registerResourceTable: () => undefined,
    registerAccessChangeTable: () => undefined,
    excludeFromAudit: () => undefined,
  } as unknown as RegistrationEnv;
  plugin.register(env);
  return captured;
}
