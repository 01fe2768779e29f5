import { coreHooks } from "@checkstack/backend-api";
import type { PlatformDatabase } from "../database/platform-database";
import type { HookBus } from "../hooks/hook-bus";
import type { PlatformEnv } from "../platform-env";
import { createPluginConfigService } from "./plugin-config-service";
import { SecretBox } from "./secret-box";
import { createSecretService } from "./secret-service";

/**
 * Loads the secrets key, checks that the cluster's other instances use the
 * same one, and returns the per-plugin ConfigService factory (saving a
 * setting emits configUpdated with the redacted value) and the SecretService.
 */
export async function createSecretServices(deps: { env: PlatformEnv; platformDb: PlatformDatabase; hooks: HookBus }) {
  const box = await SecretBox.load({ envValue: deps.env.secretKey, dataDir: deps.env.dataDir });
  await box.assertKeyMatchesCluster(deps.platformDb);
  const configFor = (pluginId: string) =>
    createPluginConfigService({
      db: deps.platformDb,
      pluginId,
      secrets: box,
      onUpdated: (event) => deps.hooks.emit(coreHooks.configUpdated, event),
    });
  return { configFor, secretService: createSecretService(box) };
}
