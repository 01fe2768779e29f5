import { coreHooks } from "@checkstack/backend-api";
import type { PlatformDatabase } from "../database/platform-database";
import type { HookBus } from "../hooks/hook-bus";
import type { PlatformEnv } from "../platform-env";
import { createPluginConfigService } from "./plugin-config-service";
import { SecretBox } from "./secret-box";

/**
 * Loads the secrets key, checks that the cluster's other instances use the
 * same one, and returns the per-plugin ConfigService factory. Saving a setting
 * emits configUpdated with the redacted value.
 */
export async function createConfigServiceFactory(deps: { env: PlatformEnv; platformDb: PlatformDatabase; hooks: HookBus }) {
  const secrets = await SecretBox.load({ envValue: deps.env.secretKey, dataDir: deps.env.dataDir });
  await secrets.assertKeyMatchesCluster(deps.platformDb);
  return (pluginId: string) =>
    createPluginConfigService({
      db: deps.platformDb,
      pluginId,
      secrets,
      onUpdated: (event) => deps.hooks.emit(coreHooks.configUpdated, event),
    });
}
