import { randomUUID } from "node:crypto";
import { call, getRouter, isProcedure, type AnyRouter } from "@orpc/server";
import type { AnyContractRouter, ContractRouterClient } from "@orpc/contract";
import type { PluginApi } from "@checkstack/common";
import {
  anonymousPrincipal,
  NotFoundError,
  servicePrincipal,
  type ForPluginOptions,
  type Principal,
  type RpcClient,
} from "@checkstack/backend-api";
import { currentDbScope } from "../database/db-scope";
import { acceptInput } from "./input-guards";
import { buildRpcContext, runProcedure, type ProcedureEnvironment } from "./procedure-runner";
import type { RouterRegistry } from "../plugin-runtime/router-registry";

/**
 * Builds a client whose property chain names a procedure path and whose call
 * runs that procedure in this process: the target router is looked up at call
 * time, so a client outlives reloads of the plugin it calls.
 */
function procedureProxy(path: string[], invoke: (path: string[], input: unknown) => Promise<unknown>): unknown {
  const callable = (input: unknown) => invoke(path, input);
  return new Proxy(callable, {
    get: (_target, property) => (typeof property === "string" ? procedureProxy([...path, property], invoke) : undefined),
  });
}

function resolveProcedure(router: AnyRouter | undefined, pluginId: string, path: string[]) {
  const procedure = router ? getRouter(router, path) : undefined;
  if (!isProcedure(procedure)) {
    throw new NotFoundError(`Plugin "${pluginId}" has no procedure "${path.join(".")}"`);
  }
  return procedure;
}

/** The rpcClient service of one plugin. */
export function createRpcClient(callerPluginId: string, routers: RouterRegistry, environment: ProcedureEnvironment): RpcClient {
  const principalFor = (options: ForPluginOptions | undefined): Principal =>
    options?.actAs === "caller" ? (currentDbScope()?.principal ?? anonymousPrincipal) : servicePrincipal(callerPluginId);

  return {
    forPlugin<C extends AnyContractRouter>(api: PluginApi<C>, options?: ForPluginOptions): ContractRouterClient<C> {
      const invoke = async (path: string[], input: unknown) => {
        const procedure = resolveProcedure(routers.get(api.pluginId), api.pluginId, path);
        const context = buildRpcContext(environment, {
          pluginId: api.pluginId,
          principal: principalFor(options),
          requestId: currentDbScope()?.requestId ?? randomUUID(),
        });
        return runProcedure(environment, context, { path, procedure }, () => call(procedure, acceptInput(input), { context, path }));
      };
      // The proxy mirrors the contract's shape; its type comes from the contract.
      return procedureProxy([], invoke) as ContractRouterClient<C>;
    },
  };
}
