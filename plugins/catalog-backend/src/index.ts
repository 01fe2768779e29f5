import { coreServices, createBackendPlugin } from "@checkstack/backend-api";
import { catalogAccess, catalogAccessRuleList, pluginMetadata } from "@checkstack/catalog-common";
import { DependencyService } from "./dependency-service";
import { SystemEvents } from "./events";
import { GroupService } from "./group-service";
import { SystemOwnership } from "./ownership";
import { createCatalogRouter } from "./router";
import * as schema from "./schema";
import { SystemService } from "./system-service";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerAccessRules(catalogAccessRuleList);
    // Row-level security on the rows themselves: a handler that forgets a check still cannot leak or change a row.
    env.registerResourceTable({ table: schema.systems, access: catalogAccess.system });
    env.registerResourceTable({ table: schema.groups, access: catalogAccess.group });
    // A dependency is part of its dependant: seen and changed with the rights on that system.
    env.registerResourceTable({ table: schema.systemDependencies, access: catalogAccess.system, idColumn: "system_id" });

    const events = new SystemEvents();
    env.registerCleanup(() => events.detach());

    env.registerInit({
      schema,
      deps: {
        rpc: coreServices.rpc,
        logger: coreServices.logger,
        admin: coreServices.accessAdministration,
      },
      init: async ({ database, rpc, admin }) => {
        rpc.registerRouter(
          createCatalogRouter({
            systems: new SystemService(database),
            groups: new GroupService(database),
            dependencies: new DependencyService(database),
            ownership: new SystemOwnership(admin),
            announce: events.announce,
          }),
        );
      },
      afterPluginsReady: async ({ emitHook, logger }) => {
        events.attach(emitHook);
        logger.info("catalog ready");
      },
    });
  },
});
