import { createORPCClient } from "@orpc/client";
import { RPCLink } from "@orpc/client/fetch";
import type { AnyContractRouter, ContractRouterClient } from "@orpc/contract";
import { createTanstackQueryUtils, type RouterUtils } from "@orpc/tanstack-query";
import type { OperationType } from "@checkstack/common";
import { operationsOf, type ContractOperations } from "./contract-operations";

/** A plugin's typed API in the browser: the oRPC client and its TanStack Query utilities. */
export interface ContractApi<C extends AnyContractRouter> {
  pluginId: string;
  /** Calls /api/<pluginId>/<procedure> with the browser's session cookie. */
  client: ContractRouterClient<C>;
  /** queryOptions / mutationOptions for each procedure; keys start with the plugin id. */
  utils: RouterUtils<ContractRouterClient<C>>;
}

/** "<pluginId>/<path>" → the operation type its contract declares, filled as plugins create their APIs. */
const operationTypes = new Map<string, OperationType>();

/** The operation type the contract declared for a procedure path ([pluginId, ...path]); undefined if unknown. */
export function operationTypeOf(path: readonly string[]): OperationType | undefined {
  return operationTypes.get(path.join("/"));
}

function apiBaseUrl(pluginId: string): string {
  const origin = typeof window === "undefined" ? "http://localhost" : window.location.origin;
  return `${origin}/api/${pluginId}`;
}

function isOperations(value: unknown): value is ContractOperations {
  return typeof value === "object" && value !== null && Object.values(value).every((entry) => entry === "query" || entry === "mutation");
}

/**
 * The typed client of a plugin's contract. Pass the contract's operation
 * types (inlined at build time by the contractOperations macro, so browsers
 * never download the contract's schemas) or the contract object itself.
 * Query keys start with the plugin id, so two plugins' procedures of the
 * same name never share a cache entry.
 */
export function createContractApi<C extends AnyContractRouter>(pluginId: string, contract: ContractOperations | C): ContractApi<C> {
  const operations = isOperations(contract) ? contract : operationsOf(contract);
  for (const [path, type] of Object.entries(operations)) operationTypes.set(`${pluginId}/${path}`, type);
  const link = new RPCLink({ url: () => apiBaseUrl(pluginId), headers: { "content-type": "application/json" } });
  const client: ContractRouterClient<C> = createORPCClient(link);
  const utils = createTanstackQueryUtils(client, { path: [pluginId] });
  return { pluginId, client, utils };
}
