import { createORPCClient } from "@orpc/client";
import { RPCLink } from "@orpc/client/fetch";
import type { ContractRouterClient } from "@orpc/contract";
import type { ConfigContract } from "../../config-as-code/contract";

export type ConfigClient = ContractRouterClient<ConfigContract>;

/** A typed client for /api/config on one instance; the key goes as "Authorization: Bearer". */
export function createConfigClient(options: { url: string; apiKey: string | undefined }): ConfigClient {
  const link = new RPCLink({
    url: `${options.url}/api/config`,
    headers: () => (options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  });
  return createORPCClient(link);
}
