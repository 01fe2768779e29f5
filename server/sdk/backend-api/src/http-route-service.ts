import type { Principal } from "./principal";

/** The methods a plugin route may answer; HEAD is answered by a GET route when none is registered for it. */
export type HttpRouteMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What a plugin route's handler receives for one request. */
export interface HttpRouteRequest {
  request: Request;
  /** The route path's `:name` segments (URL-decoded), and `*` for the rest after a trailing wildcard. */
  params: Readonly<Record<string, string>>;
  /**
   * The caller, authenticated exactly as procedures are (session cookie or API key; anonymous without
   * credentials). Rejects with an UnauthorizedError for credentials that are not valid. Asked lazily, so an
   * anonymous page pays nothing for it.
   */
  principal(): Promise<Principal>;
  /**
   * Whether the caller holds every one of these access rules of the route's plugin (ids as the plugin
   * declared them, e.g. "read"), decided by the same SQL as procedures' rules.
   */
  mayUse(rules: readonly string[]): Promise<boolean>;
  /** The caller's address (the socket's, or the proxy's forwarded one when the proxy is trusted). */
  clientAddress: string | undefined;
}

/**
 * A plain HTTP route of a plugin, for what procedures cannot serve: HTML pages, feeds, badges, push URLs,
 * metrics. Domain errors thrown by the handler become the same error answers as a procedure's.
 */
export interface HttpRoute {
  method: HttpRouteMethod | readonly HttpRouteMethod[];
  /**
   * An absolute path of `/`-separated segments: literal text, `:name` for one segment, and an optional
   * trailing `*` for the rest ("/status/:slug", "/status/:slug/api/v2/summary.json",
   * "/api/v1/heartbeat/:token/*"). Literal segments win over `:name` ones, which win over `*`.
   * `/api/<pluginId>/…`, `/healthz` and `/readyz` belong to the platform and cannot be registered.
   */
  path: string;
  handler: (request: HttpRouteRequest) => Response | Promise<Response>;
}

/**
 * Serves a plugin's plain HTTP routes (coreServices.http). Routes are removed when the plugin is
 * unloaded; two plugins registering the same method and path is an error at registration.
 */
export interface HttpRouteService {
  registerRoute(route: HttpRoute): void;
}
