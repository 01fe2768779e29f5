import { join } from "node:path";
import type { Pool } from "pg";
import { coreHooks, type Logger, type RpcClient } from "@checkstack/backend-api";
import type { PlatformEnv } from "./platform-env";
import { REPO_ROOT } from "./platform-env";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "./database/embedded-postgres";
import { setUpDeployment } from "./database/deployment-setup";
import { assertLeastPrivilegeLogin } from "./database/login-check";
import { createPlatformDatabase, migratePlatform, type PlatformDatabase } from "./database/platform-database";
import { applySqlFiles } from "./database/sql-files";
import { createGuardedPool, guardedClientClass } from "./database/guarded-pool";
import { LogThrottle } from "./database/log-throttle";
import { createHookBus } from "./hooks/create-hook-bus";
import type { DistributedHookBus } from "./hooks/distributed-hook-bus";
import { startBoss } from "./queue/boss-factory";
import { PluginQueueServices } from "./queue/plugin-queue-services";
import { ExtensionRegistry } from "./plugin-runtime/extension-registry";
import { applyExampleSwitch } from "./plugin-management/example-plugins";
import { discoverPlugins } from "./plugin-runtime/plugin-discovery";
import { PluginRuntime } from "./plugin-runtime/plugin-runtime";
import { coreServiceFactories } from "./core-service-factories";
import { ServiceRegistry } from "./plugin-runtime/service-registry";
import { AccessMemo } from "./access/access-memo";
import { createSqlAccessDecider } from "./rpc/access-deciders";
import { createRpcClient } from "./rpc/in-process-client";
import type { ProcedureEnvironment } from "./rpc/procedure-runner";
import { RouterRegistry } from "./plugin-runtime/router-registry";
import { rpcProtocol } from "./rpc/rpc-http-handler";
import { restProtocol } from "./rpc/rest-protocol";
import { ProcedureHttpHandler } from "./rpc/procedure-http-handler";
import { ApiHttpHandler } from "./rpc/api-http-handler";
import { OpenApiDocuments } from "./rpc/openapi-document";
import { clientAddressOf } from "./http/client-address";
import { PluginRouteTable } from "./http/plugin-route-table";
import { createPluginRouteDispatch, type PluginRouteDispatch } from "./http/plugin-route-handler";
import { authenticateWith, sessionCookieNameOf } from "./rpc/authenticate";
import { PLATFORM_VERSION } from "./platform-version";
import type { Readiness } from "./http/http-app";
import { createReadinessCheck } from "./http/platform-readiness";
import { createSecretServices } from "./config/config-service-factory";
import { createAccessAdministration } from "./access/administration/index";
import { createPluginAdministration } from "./plugin-management";
import { createMetricsPlugin } from "./metrics/metrics-plugin";
import { CONFIG_PLUGIN_DIR, createConfigPlugin } from "./config-as-code/config-plugin";
import { PlatformMetrics } from "./metrics/platform-metrics";
import { queueCollector, registerHookLagMetric, registerInstanceMetrics } from "./metrics/platform-collectors";
import { httpRequestRecorder } from "./metrics/http-request-metrics";
import { createLiveUpdates, type LiveUpdates } from "./live/index";

export const BUNDLED_PLUGINS_DIR = join(REPO_ROOT, "plugins");

/** Everything one running instance holds; built by bootPlatform, torn down by stop(). */
export interface Platform {
  pool: Pool;
  platformDb: PlatformDatabase;
  runtime: PluginRuntime;
  routers: RouterRegistry;
  hooks: DistributedHookBus;
  /** Everything under /api: RPC, REST (/api/v1), the OpenAPI document and the API reference page. */
  rpc: ApiHttpHandler;
  /** Plugins' plain HTTP routes (coreServices.http); resolves undefined for a path none of them serves. */
  pluginRoutes: PluginRouteDispatch;
  /** Records an answered request in the request-duration histogram of /metrics. */
  recordRequest(pathname: string, status: number, seconds: number): void;
  /** GET /api/live: server-sent events for browsers. */
  live: LiveUpdates;
  /** An in-process client acting for `callerPluginId`, as plugins get through coreServices.rpcClient. */
  clientFor(callerPluginId: string): RpcClient;
  readiness(): Promise<Readiness>;
  stop(reason: string): Promise<void>;
}

async function connect(env: PlatformEnv, logger: Logger): Promise<{ url: string; embedded?: EmbeddedPostgresHandle }> {
  if (env.databaseUrl) return { url: env.databaseUrl };
  const embedded = await startEmbeddedPostgres({ dataDir: join(env.dataDir, "postgres"), logger: logger.child({ component: "embedded-postgres" }) });
  logger.info("embedded PostgreSQL started", { dataDir: embedded.dataDir, port: embedded.port });
  try {
    // The embedded server's superuser runs the one-time setup; the platform itself logs in as the owner.
    const password = decodeURIComponent(new URL(embedded.connectionString).password);
    const setup = await setUpDeployment({ adminUrl: embedded.connectionString, database: "checkstack", ownerPassword: password });
    return { url: setup.ownerUrl, embedded };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

export async function bootPlatform(env: PlatformEnv, logger: Logger): Promise<Platform> {
  const database = await connect(env, logger);
  // pg's pool.end() resolves before its sockets have closed, so stopping the embedded server right
  // after it can cut connections that are already on their way out: expected during shutdown.
  // Otherwise a lost connection is a database restart or failover: worth a line, not one per connection.
  let shuttingDown = false;
  const throttle = new LogThrottle();
  const connectionError = (what: string) => (error: unknown) =>
    shuttingDown ? logger.debug(`${what} closed during shutdown`, { error }) : throttle.warn(logger, what, `${what} failed`, { error });
  const pool = createGuardedPool(
    { connectionString: database.url, max: env.poolMax, application_name: `checkstack:${env.instanceId}`.slice(0, 63) },
    connectionError("database connection"),
  );
  // What boot has started, stopped newest first: by stop(), or when a later boot step fails.
  const started: Array<() => Promise<unknown>> = [];
  // Every step runs even if an earlier one fails; the first failure is rethrown at the end.
  const teardown = async (): Promise<void> => {
    shuttingDown = true;
    const failures: unknown[] = [];
    const attempt = (step: () => Promise<unknown>) => step().catch((error: unknown) => void failures.push(error));
    for (const stopStarted of started.splice(0).reverse()) await attempt(stopStarted);
    await attempt(() => pool.end());
    await attempt(async () => database.embedded?.stop());
    if (failures.length > 0) throw failures[0];
  };
  try {
    await assertLeastPrivilegeLogin(pool);
    const migrated = await migratePlatform(pool);
    if (migrated.applied > 0) logger.info("platform migrations applied", { ...migrated });
    const platformDb = createPlatformDatabase(pool);

    const boss = await startBoss({
      connectionString: database.url,
      pool,
      logger: logger.child({ component: "jobs" }),
      instanceId: env.instanceId,
      onError: connectionError("job queue connection"),
      Client: guardedClientClass(connectionError("job queue connection")),
    });
    // After pg-boss has installed its schema: the SQL grants the application role use of it.
    await applySqlFiles(pool);
    started.push(() => boss.stop({ graceful: true, wait: true, close: true, timeout: 5_000 }));
    const { bus: hooks, wake } = await createHookBus({
      pool,
      boss,
      connectionString: database.url,
      logger: logger.child({ component: "hooks" }),
      instanceId: env.instanceId,
    });
    started.push(() => wake.stop(), () => hooks.stop());
    const queues = new PluginQueueServices({ boss, pool, wake, logger: logger.child({ component: "jobs" }) });
    // Stopped before pg-boss and the hooks: its ticker and consumers use both.
    started.push(() => queues.stop());
    const routers = new RouterRegistry();
    const httpRoutes = new PluginRouteTable();
    const metrics = new PlatformMetrics(env.instanceId);
    const platformMetrics = metrics.forPlugin("platform");
    registerInstanceMetrics(metrics, platformMetrics, pool);
    const untapHookLag = registerHookLagMetric(platformMetrics, (listener) => hooks.tapBroadcast(listener));
    started.push(async () => untapHookLag());
    metrics.addClusterCollector("platform", queueCollector(pool));
    const recordRequest = httpRequestRecorder(platformMetrics);
    const memo = new AccessMemo();
    const environment: ProcedureEnvironment = { pool, logger, access: createSqlAccessDecider(pool, memo), memo };
    const { configFor, secretService } = await createSecretServices({ env, platformDb, hooks });
    const clientFor = (callerPluginId: string) => createRpcClient(callerPluginId, routers, environment);
    const services = new ServiceRegistry();
    const authenticate = authenticateWith(services, memo, pool);
    const clientAddress = (request: Request) => clientAddressOf(request, env.trustProxy);
    const live = createLiveUpdates({ pool, logger, instanceId: env.instanceId, authenticate, clientAddress });
    // Open streams end first: a stopping instance must not wait for browsers, which reconnect elsewhere.
    started.push(async () => live.close());
    const coreFactories = coreServiceFactories({
      logger,
      routers,
      httpRoutes,
      metrics,
      clientFor,
      configFor,
      secrets: secretService,
      queues,
      accessAdministration: createAccessAdministration(platformDb),
      liveEventsFor: (pluginId) => live.serviceFor(pluginId),
    });
    const runtime = new PluginRuntime({
      pool,
      platformDb,
      logger,
      routers,
      services,
      extensions: new ExtensionRegistry(),
      hooks,
      coreServices: coreFactories,
      onUnload: [
        (pluginId) => queues.unloadPlugin(pluginId),
        (pluginId) => Promise.resolve(httpRoutes.unmountPlugin(pluginId)),
        (pluginId) => Promise.resolve(metrics.unloadPlugin(pluginId)),
        (pluginId) => live.unloadPlugin(pluginId),
      ],
    });
    started.push(() => runtime.stopAll("platform stopping"));
    // Built-in plugins (the plugin admin API) and the self-healing boot; stopped before the plugins are.
    const pluginAdmin = createPluginAdministration({
      pool,
      runtime,
      hooks,
      logger,
      pluginsDir: env.pluginsDir,
      instanceId: env.instanceId,
      builtIns: [createMetricsPlugin({ metrics, logger }), { plugin: createConfigPlugin(), dir: CONFIG_PLUGIN_DIR }],
    });
    started.push(() => pluginAdmin.stop());
    await hooks.start();
    live.start(hooks);
    queues.start();
    const discovered = discoverPlugins({ bundledDir: BUNDLED_PLUGINS_DIR, pluginsDir: env.pluginsDir });
    const report = await pluginAdmin.loadAtBoot(await applyExampleSwitch(pool, discovered, { enabled: env.examplePlugins, logger }));
    logger.info("plugins loaded", { ready: report.ready, failed: report.failed });
    const rpc = new ApiHttpHandler(
      new ProcedureHttpHandler(rpcProtocol, routers, environment, authenticate, clientAddress),
      new ProcedureHttpHandler(restProtocol, routers, environment, authenticate, clientAddress),
      new OpenApiDocuments(routers, { version: PLATFORM_VERSION, logger, sessionCookieName: () => sessionCookieNameOf(services) }),
      logger,
    );
    const pluginRoutes = createPluginRouteDispatch({ routes: httpRoutes, authenticate, clientAddress, logger, pool, access: environment.access });

    const readiness = createReadinessCheck(pool, runtime);
    const stop = async (reason: string) => {
      live.close();
      await hooks.emitLocal(coreHooks.platformShutdown, { reason });
      await teardown();
    };
    return { pool, platformDb, runtime, routers, hooks, rpc, pluginRoutes, recordRequest, live, clientFor, readiness, stop };
  } catch (error) {
    await teardown().catch((cleanupError: unknown) => logger.warn("cleanup after a failed boot failed", { error: cleanupError }));
    throw error;
  }
}
