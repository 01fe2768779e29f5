import {
  configSectionExtensionPoint,
  coreServices,
  createBackendPlugin,
  statusPageContentChanged,
  statusPageContentExtensionPoint,
  type RpcClient,
} from "@checkstack/backend-api";
import { catalogHooks } from "@checkstack/catalog-common";
import { healthcheckHooks } from "@checkstack/healthcheck-common";
import { pluginMetadata, statuspageAccess, statuspageAccessRuleList, statuspageHooks } from "@checkstack/statuspage-common";
import { statusPagesConfigSection } from "./config-section";
import { PageEvents } from "./events";
import { PageOwnership } from "./ownership";
import { PageService } from "./page-service";
import { PublicRoutes } from "./public/public-routes";
import { buildSnapshot } from "./public/snapshot-builder";
import { createSnapshotSources } from "./public/snapshot-sources";
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
    let sources: ReturnType<typeof createSnapshotSources> | undefined;
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
        const cached = createSnapshotSources({
          rpcClient,
          content: () => contentSources.list().map(({ impl }) => impl),
          logger,
        });
        sources = cached;
        publicRoutes = new PublicRoutes({
          publishedPage: (slug) => pages.publishedBySlug(slug),
          snapshot: (page) => buildSnapshot(page, cached.sources),
        });
        publicRoutes.register(http);
        env.registerCleanup(contentSources.onChange(() => publicRoutes?.invalidate()));
      },
      afterPluginsReady: async ({ emitHook, onHook, logger }) => {
        events.attach(emitHook);
        // Any change anywhere in the cluster that alters what a page shows clears this instance's cache.
        // Cached sources first (only those the change touches), then the pages built from them.
        const invalidate = () => publicRoutes?.invalidate();
        const healthChanged = () => {
          sources?.healthChanged();
          invalidate();
        };
        const catalogChanged = () => {
          sources?.catalogChanged();
          invalidate();
        };
        const broadcast = { mode: "broadcast" } as const;
        onHook(statuspageHooks.pageChanged, invalidate, broadcast);
        onHook(statusPageContentChanged, invalidate, broadcast);
        onHook(healthcheckHooks.systemHealthy, healthChanged, broadcast);
        onHook(healthcheckHooks.systemDegraded, healthChanged, broadcast);
        onHook(healthcheckHooks.systemUnhealthy, healthChanged, broadcast);
        onHook(catalogHooks.systemUpdated, catalogChanged, broadcast);
        onHook(catalogHooks.systemDeleted, catalogChanged, broadcast);
        logger.info("status pages ready");
      },
    });
  },
});
