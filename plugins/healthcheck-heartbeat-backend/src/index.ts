import { coreServices, createBackendPlugin, healthCheckExtensionPoint } from "@checkstack/backend-api";
import { heartbeatAccessRules, pluginMetadata } from "@checkstack/healthcheck-heartbeat-common";
import { HeartbeatStore } from "./heartbeat-store";
import { heartbeatStrategy } from "./heartbeat-strategy";
import { pingRoutes } from "./ping-routes";
import { createHeartbeatRouter } from "./router";
import * as schema from "./schema";

export { heartbeatConfigSchema, type HeartbeatConfig } from "./config";
export { judgeHeartbeat } from "./verdict";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerAccessRules(heartbeatAccessRules);
    // The strategy is registered before init (the health-check plugin reads it then); its store arrives with init.
    let store: HeartbeatStore | undefined;
    const ready = (): HeartbeatStore => {
      if (!store) throw new Error("the heartbeat plugin is still starting");
      return store;
    };
    env.registerExtensionPoint(healthCheckExtensionPoint, heartbeatStrategy(ready));
    env.registerInit({
      schema,
      deps: { rpc: coreServices.rpc, http: coreServices.http, rpcClient: coreServices.rpcClient },
      init: async ({ database, rpc, http, rpcClient }) => {
        store = new HeartbeatStore(database);
        rpc.registerRouter(createHeartbeatRouter({ store, rpcClient }));
        for (const route of pingRoutes(ready)) http.registerRoute(route);
      },
    });
  },
});
