import {
  configSectionExtensionPoint,
  coreServices,
  createBackendPlugin,
  statusPageContentChanged,
  statusPageContentExtensionPoint,
  type RpcClient,
} from "@checkstack/backend-api";
import { CatalogApi, catalogHooks } from "@checkstack/catalog-common";
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
import { readSubscriberSettings, subscriberSettings } from "./subscribers/settings";
import { SubscriberAdmin } from "./subscribers/subscriber-admin";
import { SubscriptionRoutes } from "./subscribers/subscription-routes";
import { Subscriptions } from "./subscribers/subscriptions";
import { TokenKey } from "./subscribers/tokens";
import { enqueueDeliveryWith, startSubscriberWork } from "./subscribers/wiring";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerAccessRules(statuspageAccessRuleList);
    env.registerResourceTable({ table: schema.pages, access: statuspageAccess.page });
    const bookkeeping = "subscriber mail bookkeeping (sign-up attempts, the delivery outbox, the token key); subscribers themselves stay audited";
    for (const table of [schema.signupAttempts, schema.deliveries, schema.tokenKeys]) env.excludeFromAudit(table, bookkeeping);
    const contentSources = env.getExtensionPoint(statusPageContentExtensionPoint);
    const events = new PageEvents();
    env.registerCleanup(() => events.detach());
    let publicRoutes: PublicRoutes | undefined;
    let tokenKey: TokenKey | undefined;
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
        secrets: coreServices.secrets,
        config: coreServices.config,
        queue: coreServices.queue,
      },
      init: async ({ database, rpc, http, rpcClient, logger, admin, secrets, config, queue }) => {
        configClient = rpcClient;
        const pages = new PageService(database);
        rpc.registerRouter(
          createStatuspageRouter({
            pages,
            ownership: new PageOwnership(admin),
            announce: events.announce,
            subscribers: new SubscriberAdmin(database, secrets),
            subscriberSettings: {
              get: async () => ((await config.getRedacted(subscriberSettings)) as Record<string, unknown> | undefined) ?? null,
              set: (value) => config.set(subscriberSettings, value),
            },
          }),
        );
        tokenKey = new TokenKey(database, secrets);
        new SubscriptionRoutes({
          publishedPage: (slug) => pages.publishedBySlug(slug),
          subscriptions: new Subscriptions(database, tokenKey),
          settings: () => readSubscriberSettings(config),
          enqueue: enqueueDeliveryWith(queue),
          logger,
        }).register(http);
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
      afterPluginsReady: async ({ database, emitHook, onHook, logger, queue, config, secrets, rpcClient }) => {
        events.attach(emitHook);
        const catalog = rpcClient.forPlugin(CatalogApi);
        await startSubscriberWork({
          database,
          queue,
          config,
          onHook,
          logger,
          secrets,
          tokenKey: tokenKey ?? new TokenKey(database, secrets),
          enqueue: enqueueDeliveryWith(queue),
          groupSystems: async (groupId) => (await catalog.listGroupSystems({ groupId })).systems.map((system) => system.id),
        });
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
