import type { AnyContractRouter, ContractRouterClient } from "@orpc/contract";
import type { AnyRouter } from "@orpc/server";
import type { PluginApi } from "@checkstack/common";

/** Serves the plugin's oRPC router over HTTP (coreServices.rpc). */
export interface RpcService {
  /** Mounts the router at /api/<pluginId>/; the plugin id comes from the registering plugin. */
  registerRouter(router: AnyRouter): void;
}

/** How an in-process call is made; see actAs. */
export interface ForPluginOptions {
  /**
   * "service" (default): call as this plugin's service principal.
   * "caller": call as the principal of the request being served (anonymous outside a request).
   */
  actAs?: "service" | "caller";
}

/** Calls other plugins in-process: same validation and access checks as HTTP, without the HTTP hop. */
export interface RpcClient {
  forPlugin<C extends AnyContractRouter>(api: PluginApi<C>, options?: ForPluginOptions): ContractRouterClient<C>;
}
