import { anonymousPrincipal, authenticatorRef, type Authenticator } from "@checkstack/backend-api";
import type { ServiceRegistry } from "../plugins/service-registry";
import type { Authenticate } from "./rpc-http-handler";

/**
 * Authentication through whichever plugin provides the authenticator service
 * (looked up per request, so it can be installed at runtime); without one,
 * every caller is anonymous.
 */
export function authenticateWith(services: ServiceRegistry): Authenticate {
  return async (request) => {
    if (!services.has(authenticatorRef.id)) return anonymousPrincipal;
    const authenticator = services.get(authenticatorRef.id) as Authenticator;
    return (await authenticator.authenticate(request)) ?? anonymousPrincipal;
  };
}
