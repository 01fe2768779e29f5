import { createORPCClient } from "@orpc/client";
import { RPCLink } from "@orpc/client/fetch";
import type { AnyContractRouter, ContractRouterClient } from "@orpc/contract";
import { AuthApi } from "@checkstack/auth-common";
import { CatalogApi } from "@checkstack/catalog-common";
import { HealthcheckApi } from "@checkstack/healthcheck-common";
import type { PluginApi } from "@checkstack/common";
import { pluginAdminContract, type PluginAdminContract } from "@checkstack/common/plugin-admin-contract";

export { ORPCError } from "@orpc/client";

/** Where the platform is and who calls it. */
export interface CheckstackClientOptions {
  /** A running instance, e.g. "http://localhost:3000" (a trailing slash is ignored). */
  url: string;
  /** An application's API key, sent as "Authorization: Bearer <key>"; without one, calls are anonymous. */
  apiKey?: string | undefined;
  /** For tests and special transports; the global fetch by default. */
  fetch?: typeof fetch;
}

/** A typed client of every bundled plugin, and of any other plugin whose -common package you have. */
export interface CheckstackClient {
  auth: ContractRouterClient<typeof AuthApi.contract>;
  catalog: ContractRouterClient<typeof CatalogApi.contract>;
  healthcheck: ContractRouterClient<typeof HealthcheckApi.contract>;
  plugins: ContractRouterClient<PluginAdminContract>;
  /** A client of any plugin, from what its -common package exports (definePluginApi). */
  forPlugin<C extends AnyContractRouter>(api: PluginApi<C>): ContractRouterClient<C>;
}

/**
 * A typed client over the platform's RPC endpoint (/api/<pluginId>/<procedure>):
 * inputs and outputs are the contracts' types, dates arrive as Date, and a
 * refusal throws an ORPCError carrying the platform's code, status, message
 * and data (requestId, issues).
 *
 * @example
 * const client = createCheckstackClient({ url: "http://localhost:3000", apiKey: process.env.CHECKSTACK_API_KEY });
 * const { items } = await client.catalog.listSystems({ limit: 50 });
 */
export function createCheckstackClient(options: CheckstackClientOptions): CheckstackClient {
  const base = options.url.replace(/\/+$/, "");
  const forPlugin = <C extends AnyContractRouter>(api: PluginApi<C>): ContractRouterClient<C> => {
    const link = new RPCLink({
      url: `${base}/api/${api.pluginId}`,
      headers: () => (options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return createORPCClient(link);
  };
  return {
    auth: forPlugin(AuthApi),
    catalog: forPlugin(CatalogApi),
    healthcheck: forPlugin(HealthcheckApi),
    plugins: forPlugin({ pluginId: "plugins", contract: pluginAdminContract }),
    forPlugin,
  };
}
