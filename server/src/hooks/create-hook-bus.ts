import type { Pool } from "pg";
import type { Logger } from "@checkstack/backend-api";
import type { HookBus } from "./hook-bus";
import { LocalDispatcher } from "./local-dispatcher";

export interface HookBusOptions {
  pool: Pool;
  connectionString: string;
  logger: Logger;
  instanceId: string;
}

// TEMPORARY during bring-up: replaced by the distributed bus before this lands.
export async function createHookBus(options: HookBusOptions): Promise<HookBus> {
  const local = new LocalDispatcher(options.logger);
  return {
    subscribe: (pluginId, hook, handler) => {
      const remove = local.add(hook.id, pluginId, handler);
      return async () => void remove();
    },
    emit: (hook, payload) => local.dispatch(hook, payload),
    emitLocal: (hook, payload) => local.dispatch(hook, payload),
    unsubscribePlugin: async (pluginId) => local.removePlugin(pluginId),
    start: async () => undefined,
    stop: async () => undefined,
  };
}
