import { coreServices, createBackendPlugin } from "@checkstack/backend-api";
import { accessRuleList, pluginMetadata } from "@checkstack/status-notes-common";
import { createStatusNotesRouter } from "./router";
import * as schema from "./schema";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerAccessRules(accessRuleList);

    env.registerInit({
      schema,
      deps: {
        rpc: coreServices.rpc,
        logger: coreServices.logger,
      },
      // Phase 2: other plugins may not be ready yet, so only register here; call them in afterPluginsReady.
      init: async ({ database, rpc, logger }) => {
        rpc.registerRouter(createStatusNotesRouter({ database }));
        logger.info("status-notes router registered");
      },
    });
  },
});
