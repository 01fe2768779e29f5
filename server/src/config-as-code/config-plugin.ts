import { CONFIG_PLUGIN_ID, configSectionExtensionPoint, coreServices, createBackendPlugin, type BackendPlugin } from "@checkstack/backend-api";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigEngine } from "./config-engine";
import { configAccessRules } from "./contract";
import { createConfigRouter } from "./router";
import * as schema from "./schema";

/** Where the config plugin's drizzle migrations are (its `drizzle` folder). */
export const CONFIG_PLUGIN_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * The platform's own "config" plugin: configuration as code. It owns the config-section extension
 * point (each plugin contributes the sections of its resources) and serves export and apply.
 */
export function createConfigPlugin(): BackendPlugin {
  return createBackendPlugin({
    metadata: { pluginId: CONFIG_PLUGIN_ID, displayName: "Configuration as code", description: "Export and apply checkstack.yaml: every plugin's resources, as one transaction" },
    register(env) {
      env.registerAccessRules(configAccessRules);
      const sections = env.getExtensionPoint(configSectionExtensionPoint);
      env.registerInit({
        schema,
        deps: { rpc: coreServices.rpc },
        init: async ({ rpc, database }) => rpc.registerRouter(createConfigRouter(new ConfigEngine(sections, database))),
      });
    },
  });
}
