import { createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { definePluginMetadata } from "@checkstack/common";
import { browserStrategy } from "./browser-strategy";

export const pluginMetadata = definePluginMetadata({
  pluginId: "healthcheck-browser",
  displayName: "Scripted browser health checks",
  description: "The browser health check strategy",
});

export { browserCheckConfigSchema, type BrowserCheckConfig } from "./config";
export { browserStrategy } from "./browser-strategy";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerExtensionPoint(healthCheckExtensionPoint, browserStrategy);
    // Nothing to set up: each run starts (and ends) a Chromium of its own; settings are read on first use.
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
