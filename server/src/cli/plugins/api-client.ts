import { createORPCClient } from "@orpc/client";
import { RPCLink } from "@orpc/client/fetch";
import type { ContractRouterClient } from "@orpc/contract";
import type { PluginAdminContract } from "../../plugin-management/contract";

export type PluginAdminClient = ContractRouterClient<PluginAdminContract>;

/** A typed client for /api/plugins on one instance; the key goes as "Authorization: Bearer". */
export function createPluginAdminClient(options: { url: string; apiKey: string | undefined; fetch?: typeof fetch }): PluginAdminClient {
  const link = new RPCLink({
    url: `${options.url}/api/plugins`,
    headers: () => (options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return createORPCClient(link);
}
