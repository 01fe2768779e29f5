import { coreServices, createBackendPlugin } from "@checkstack/backend-api";
import { accessRuleList, pluginMetadata } from "@checkstack/myfeature-common";
import { createMyFeatureRouter } from "./router";
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
      init: async ({ database, rpc, logger }) => {
        rpc.registerRouter(createMyFeatureRouter({ database }));
        logger.info("myfeature router registered");
      },
    });
  },
});
