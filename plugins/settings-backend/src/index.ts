import { coreServices, createBackendPlugin } from "@checkstack/backend-api";
import { pluginMetadata, publicUrlServiceRef, settingsAccessRuleList } from "@checkstack/settings-common";
import { createSettingsRouter } from "./router";
import { SettingsService } from "./settings-service";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerAccessRules(settingsAccessRuleList);
    // Registered before init (services are resolved at load); it works once init has built the service.
    let service: SettingsService | undefined;
    env.registerService(publicUrlServiceRef, {
      current: async () => {
        if (!service) throw new Error("the settings plugin is not initialised yet");
        return (await service.read()).effectivePublicUrl;
      },
    });
    env.registerCleanup(async () => {
      service = undefined;
    });
    env.registerInit({
      deps: { rpc: coreServices.rpc, config: coreServices.config },
      init: async ({ rpc, config }) => {
        service = new SettingsService(config, process.env);
        rpc.registerRouter(createSettingsRouter(service));
      },
    });
  },
});
