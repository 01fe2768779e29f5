import type { Pool } from "pg";
import { coreHooks, type LiveEventsService, type Logger } from "@checkstack/backend-api";
import { currentAccessEpoch } from "../access/access-epoch";
import type { DistributedHookBus } from "../hooks/distributed-hook-bus";
import type { Authenticate } from "../rpc/authenticate";
import { sqlLiveDecider } from "./live-decisions";
import { LiveHub } from "./live-hub";
import { LivePublications } from "./live-publications";
import { loadMissed } from "./live-replay";
import { createLiveRoute } from "./live-route";

export { LIVE_PATH } from "./live-route";

const HEARTBEAT_MS = 15_000;
const MAX_QUEUED_BYTES = 1024 * 1024;
const MAX_PENDING_ITEMS = 2_000;
const RECONNECT_MS = 2_000;

/** The platform's live stream (GET /api/live): its publications, its HTTP handler and its shutdown. */
export interface LiveUpdates {
  /** coreServices.liveEvents for `pluginId`. */
  serviceFor(pluginId: string): LiveEventsService;
  unloadPlugin(pluginId: string): Promise<void>;
  /** Starts reading the broadcast outbox's events (after the hook bus has started). */
  start(hooks: DistributedHookBus): void;
  handle(request: Request): Promise<Response>;
  /** Ends every open stream and refuses new ones: shutdown must not wait on browsers. */
  close(): void;
}

/** Plugins changed on the cluster: a browser reloads its list of frontend plugins and navigation. */
export const PLUGINS_CHANGED_EVENT = "platform.plugins.changed";

export function createLiveUpdates(deps: {
  pool: Pool;
  logger: Logger;
  instanceId: string;
  authenticate: Authenticate;
  clientAddress: (request: Request) => string | undefined;
}): LiveUpdates {
  const logger = deps.logger.child({ component: "live" });
  const publications = new LivePublications(logger);
  const readEpoch = () => currentAccessEpoch(deps.pool);
  const hub = new LiveHub({ publications, readEpoch, logger, heartbeatMs: HEARTBEAT_MS });
  // Any signed-in principal may learn that the set of plugins changed (the list itself is behind its own rule).
  for (const hook of [coreHooks.pluginInstalled, coreHooks.pluginDeregistered]) {
    publications.add("platform", { hook, toEvents: ({ pluginId }) => [{ name: PLUGINS_CHANGED_EVENT, data: { pluginId, change: hook === coreHooks.pluginInstalled ? "installed" : "removed" }, audience: [] }] });
  }
  let untap: (() => void) | undefined;
  const handle = createLiveRoute({
    hub,
    authenticate: deps.authenticate,
    clientAddress: deps.clientAddress,
    decide: sqlLiveDecider(deps.pool),
    readEpoch,
    loadMissed: (afterId) => loadMissed(deps.pool, publications, afterId),
    logger,
    instanceId: deps.instanceId,
    maxQueuedBytes: MAX_QUEUED_BYTES,
    maxPendingItems: MAX_PENDING_ITEMS,
    reconnectMs: RECONNECT_MS,
  });
  return {
    serviceFor: (pluginId) => ({ publish: (publication) => publications.add(pluginId, publication) }),
    unloadPlugin: async (pluginId) => publications.removePlugin(pluginId),
    start: (hooks) => {
      untap = hooks.tapBroadcast((event) => hub.accept(event));
    },
    handle,
    close: () => {
      untap?.();
      hub.close();
    },
  };
}
