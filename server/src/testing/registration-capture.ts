import type { BackendPlugin } from "@checkstack/backend-api";
import { ExtensionRegistry } from "../plugin-runtime/extension-registry";
import { collectRegistration, type ErasedInitConfig, type PluginRegistration } from "../plugin-runtime/plugin-registration";

export interface CapturedRegistration {
  extensions: Array<{ ref: unknown; impl: unknown }>;
  services: Array<{ ref: unknown; impl: unknown }>;
  /** As the platform stores them: ids qualified with the plugin id ("myfeature.item.read"). */
  accessRules: PluginRegistration["accessRules"];
  inits: ErasedInitConfig[];
  /** Everything register() declared, as the runtime records it. */
  registration: PluginRegistration;
}

/**
 * Runs a plugin's register() through the platform's own registration (the one
 * the runtime uses), for tests of what a plugin declares: rule ids are
 * qualified, getExtensionPoint works for points the plugin owns, and mistakes
 * the runtime refuses (a second registerInit, a duplicate rule) throw here too.
 */
export function captureRegistration(plugin: BackendPlugin): CapturedRegistration {
  const registration = collectRegistration(plugin, new ExtensionRegistry());
  return {
    extensions: registration.extensions,
    services: registration.services,
    accessRules: registration.accessRules,
    inits: registration.init ? [registration.init] : [],
    registration,
  };
}
