import type { Logger } from "@checkstack/backend-api";
import { recordClientAddress } from "./http/client-address";
import { createHttpApp } from "./http/http-app";
import { ShutdownDrain } from "./http/shutdown-drain";
import { bootPlatform, BUNDLED_PLUGINS_DIR, type Platform } from "./platform";
import { LIVE_PATH } from "./live";
import { WebApp } from "./web/web-app";
import type { PlatformEnv } from "./platform-env";

export interface RunningServer {
  port: number;
  /** Resolves when plugins are loaded; rejects when boot failed. */
  booted: Promise<Platform>;
  /**
   * With `drainMs` (SIGTERM: SHUTDOWN_DRAIN_MS), /readyz answers 503 and
   * responses carry `Connection: close` for that long before the listener
   * closes, so a load balancer stops sending requests first.
   */
  stop(reason: string, options?: { drainMs?: number }): Promise<void>;
}

/**
 * Listens at once, then boots: until the platform is ready, /healthz answers
 * and everything else that needs plugins gets a 503. Stopping first drains
 * (see ShutdownDrain), then closes the listener and waits for in-flight
 * requests, bounded by SHUTDOWN_TIMEOUT_MS, before the platform is torn down.
 */
export async function startServer(env: PlatformEnv, logger: Logger): Promise<RunningServer> {
  let platform: Platform | undefined;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const started = performance.now();
  const drain = new ShutdownDrain();

  const web = new WebApp({
    logger: logger.child({ component: "web" }),
    bundledDir: BUNDLED_PLUGINS_DIR,
    pluginsDir: env.pluginsDir,
    loadedPluginIds: () => platform?.routers.pluginIds(),
  });
  // Built while the platform boots; a failed build is logged and retried by the next page request.
  web.prepare().catch((error: unknown) => logger.error("building the web application failed", { error }));
  const app = createHttpApp({
    web,
    logger,
    instanceId: env.instanceId,
    handleRpc: () => (platform ? (request) => platform!.rpc.handle(request) : undefined),
    handleLive: () => (platform ? (request) => platform!.live.handle(request) : undefined),
    handlePluginRoute: () => platform?.pluginRoutes,
    readiness: async () =>
      drain.readiness() ?? (platform ? platform.readiness() : { ready: false, checks: { boot: { ok: false, detail: "starting" } } }),
  });
  const server = Bun.serve({
    port: env.port,
    hostname: env.host,
    fetch: async (request, bunServer) => {
      recordClientAddress(request, bunServer.requestIP(request)?.address);
      // Bun closes a connection idle for 10 s; the live stream's heartbeat comes every 15 s, so it must not be timed out.
      if (new URL(request.url).pathname === LIVE_PATH) bunServer.timeout(request, 0);
      inFlight++;
      const startedAt = performance.now();
      try {
        const response = drain.finish(await app.handle(request));
        platform?.recordRequest(new URL(request.url).pathname, response.status, (performance.now() - startedAt) / 1000);
        return response;
      } finally {
        inFlight--;
        if (inFlight === 0) drained?.();
      }
    },
  });
  const port = server.port ?? env.port;
  logger.info("listening", { port, host: env.host });

  const booted = bootPlatform(env, logger).then((ready) => {
    platform = ready;
    logger.info("platform ready", { port, bootMs: Math.round(performance.now() - started) });
    return ready;
  });

  const stop = async (reason: string, options: { drainMs?: number } = {}) => {
    const drainMs = options.drainMs ?? 0;
    drain.begin();
    // An instance that never became ready is in no load balancer's rotation: nothing to drain.
    if (platform && drainMs > 0) {
      logger.info("draining: /readyz answers 503 until the listener closes", { drainMs });
      await new Promise<void>((resolve) => setTimeout(resolve, drainMs));
    }
    // Live streams never finish on their own: ended here, so browsers reconnect to another instance.
    platform?.live.close();
    // Stops accepting; idle keep-alive connections close now, busy ones after their response.
    void server.stop(false);
    if (inFlight > 0) {
      await Promise.race([
        new Promise<void>((resolve) => (drained = resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, env.shutdownTimeoutMs)),
      ]);
    }
    const running = platform ?? (await booted.catch(() => undefined));
    await running?.stop(reason);
    void server.stop(true);
  };
  return { port, booted, stop };
}
