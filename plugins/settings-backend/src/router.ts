import { implement } from "@orpc/server";
import { autoAuthMiddleware, type RpcContext } from "@checkstack/backend-api";
import { settingsContract } from "@checkstack/settings-common";
import type { SettingsService } from "./settings-service";

const os = implement(settingsContract).$context<RpcContext>().use(autoAuthMiddleware);

export function createSettingsRouter(settings: SettingsService) {
  return os.router({
    get: os.get.handler(() => settings.read()),
    set: os.set.handler(async ({ input, context }) => {
      const updated = await settings.setPublicUrl(input.publicUrl);
      context.logger.info("public URL changed", { publicUrl: updated.publicUrl });
      return updated;
    }),
  });
}
