import {
  configSectionExtensionPoint,
  coreServices,
  createBackendPlugin,
  statusPageContentChanged,
  statusPageContentExtensionPoint,
  type RpcClient,
} from "@checkstack/backend-api";
import { CatalogApi, catalogHooks } from "@checkstack/catalog-common";
import { HealthcheckApi, healthcheckHooks } from "@checkstack/healthcheck-common";
import { pluginMetadata, statuspageAccess, statuspageAccessRuleList, statuspageHooks } from "@checkstack/statuspage-common";
import { statusPagesConfigSection } from "./config-section";
import { PageEvents } from "./events";
import { PageOwnership } from "./ownership";
import { PageService } from "./page-service";
import { PublicRoutes } from "./public/public-routes";
import { buildSnapshot } from "./public/snapshot-builder";
import { createStatuspageRouter } from "./router";
import * as schema from "./schema";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerAccessRules(statuspageAccessRuleList);
    env.registerResourceTable({ table: schema.pages, access: statuspageAccess.page });
    const contentSources = env.getExtensionPoint(statusPageContentExtensionPoint);
    const events = new PageEvents();
    env.registerCleanup(() => events.detach());
    let publicRoutes: PublicRoutes | undefined;
    let configClient: RpcClient | undefined;
    env.registerExtensionPoint(configSectionExtensionPoint, statusPagesConfigSection(() => configClient));

    env.registerInit({
      schema,
      deps: {
        rpc: coreServices.rpc,
        http: coreServices.http,
        rpcClient: coreServices.rpcClient,
        logger: coreServices.logger,
        admin: coreServices.accessAdministration,
      },
      init: async ({ database, rpc, http, rpcClient, logger, admin }) => {
        configClient = rpcClient;
        const pages = new PageService(database);
        rpc.registerRouter(createStatuspageRouter({ pages, ownership: new PageOwnership(admin), announce: events.announce }));
        // Public routes run outside any request transaction: the database and the calls below act as this
        // plugin's service principal, and only what a published page allows leaves through the snapshot.
        const healthcheck = rpcClient.forPlugin(HealthcheckApi);
        const catalog = rpcClient.forPlugin(CatalogApi);
        publicRoutes = new PublicRoutes({
          publishedPage: (slug) => pages.publishedBySlug(slug),
          snapshot: (page) =>
            buildSnapshot(page, {
              groupSystems: async (groupId) => (await catalog.listGroupSystems({ groupId })).systems.map((system) => system.id),
              statuses: async (systemIds) => {
                const answers = await Promise.all(
                  chunks(systemIds, 500).map((ids) => healthcheck.getSystemStatuses({ systemIds: ids })),
                );
                return new Map(answers.flat().map((status) => [status.systemId, status.status]));
              },
              upstream: async (systemIds) => {
                const answers = await Promise.all(chunks(systemIds, 500).map((ids) => catalog.getSystemContexts({ systemIds: ids })));
                return new Map(answers.flatMap((answer) => answer.systems).map((context) => [context.systemId, context.upstream]));
              },
              dailyUptime: async (systemIds, days) =>
                (await Promise.all(chunks(systemIds, 500).map((ids) => healthcheck.getDailyUptime({ systemIds: ids, days })))).flat(),
              content: () => contentSources.list().map(({ impl }) => impl),
              logger,
            }),
        });
        publicRoutes.register(http);
        env.registerCleanup(contentSources.onChange(() => publicRoutes?.invalidate()));
      },
      afterPluginsReady: async ({ emitHook, onHook, logger }) => {
        events.attach(emitHook);
        // Any change anywhere in the cluster that alters what a page shows clears this instance's cache.
        const invalidate = () => publicRoutes?.invalidate();
        const broadcast = { mode: "broadcast" } as const;
        onHook(statuspageHooks.pageChanged, invalidate, broadcast);
        onHook(statusPageContentChanged, invalidate, broadcast);
        onHook(healthcheckHooks.systemHealthy, invalidate, broadcast);
        onHook(healthcheckHooks.systemDegraded, invalidate, broadcast);
        onHook(healthcheckHooks.systemUnhealthy, invalidate, broadcast);
        onHook(catalogHooks.systemUpdated, invalidate, broadcast);
        onHook(catalogHooks.systemDeleted, invalidate, broadcast);
        logger.info("status pages ready");
      },
    });
  },
});

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}
