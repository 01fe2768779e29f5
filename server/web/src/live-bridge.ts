import { LIVE_READY, LIVE_RESYNC, liveConnection, useLiveEvents } from "@checkstack/frontend-api";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

/** Emitted by the platform when a plugin is installed or removed anywhere in the cluster (server/src/live). */
const PLUGINS_CHANGED = "platform.plugins.changed";

/**
 * The shell's side of the live stream: open while someone is signed in;
 * everything cached is reloaded when the server says events were lost (a
 * resync, or a fresh connection that could not resume), and the frontend
 * plugins and the session's rules are reloaded when the set of plugins
 * changes, so an installed plugin's pages appear without a reload.
 */
export function useLiveBridge(signedIn: boolean): void {
  const queryClient = useQueryClient();
  const connections = useRef(0);
  useEffect(() => {
    if (!signedIn) return;
    liveConnection.start();
    return () => liveConnection.stop();
  }, [signedIn]);
  useLiveEvents([LIVE_READY, LIVE_RESYNC, PLUGINS_CHANGED], ({ name, data }) => {
    if (name === PLUGINS_CHANGED) {
      void queryClient.invalidateQueries({ queryKey: ["shell"] });
      return;
    }
    if (name === LIVE_RESYNC) {
      void queryClient.invalidateQueries();
      return;
    }
    // The first connection precedes the screens' reads; a later one that could not resume may have missed events.
    connections.current += 1;
    const resumed = typeof data === "object" && data !== null && (data as { resumed?: unknown }).resumed === true;
    if (connections.current > 1 && !resumed) void queryClient.invalidateQueries();
  });
}
