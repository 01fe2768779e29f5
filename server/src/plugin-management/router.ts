import { implement } from "@orpc/server";
import type { Pool } from "pg";
import { autoAuthMiddleware, type RpcContext } from "@checkstack/backend-api";
import { currentDbScope, outsideDbScope } from "../database/db-scope";
import { pluginAdminContract } from "./contract";
import type { PluginOperations } from "./plugin-operations";
import { listPlugins } from "./plugin-status";
import type { Actor } from "./plugin-store";

const os = implement(pluginAdminContract).$context<RpcContext>().use(autoAuthMiddleware);

const actorOf = (context: RpcContext): Actor => ({ principal: context.principal, requestId: context.requestId });

/**
 * The handlers. Changes run outside the request's transaction: each step
 * commits on its own before the cluster is told (an uncommitted row would be
 * invisible to the other instances), and loading a plugin opens transactions
 * and takes locks of its own, as at boot.
 */
export function createPluginAdminRouter(deps: { pool: Pool; operations: PluginOperations }) {
  const { operations } = deps;
  return os.router({
    list: os.list.handler(async () => {
      const scope = currentDbScope();
      return listPlugins(scope ? await scope.client() : deps.pool);
    }),
    install: os.install.handler(({ input, context }) => outsideDbScope(() => operations.install(input.spec, actorOf(context)))),
    deregister: os.deregister.handler(({ input, context }) =>
      outsideDbScope(() => operations.deregister(input.pluginId, input.deleteSchema, actorOf(context))),
    ),
    disable: os.disable.handler(({ input, context }) => outsideDbScope(() => operations.disable(input.pluginId, actorOf(context)))),
    enable: os.enable.handler(({ input, context }) => outsideDbScope(() => operations.enable(input.pluginId, actorOf(context)))),
  });
}
