import type { Pool } from "pg";
import { anonymousPrincipal, authenticatorRef, type AuthenticationRequest, type Authenticator, type Principal } from "@checkstack/backend-api";
import { currentAccessEpoch } from "../access/access-epoch";
import type { AccessMemo } from "../access/access-memo";
import type { ServiceRegistry } from "../plugin-runtime/service-registry";

/**
 * Decides who an HTTP request is (anonymous when it carries no credentials);
 * throws a typed 401 for bad ones. A principal from the memo carries its
 * epoch (AccessMemo.epochOf), which the request's statements must confirm.
 */
export type Authenticate = (request: AuthenticationRequest, options?: { fresh?: boolean }) => Promise<Principal>;

/** The credentials a request presents, as one memo key; undefined when it presents none. */
function credentialOf(headers: Headers): string | undefined {
  const authorization = headers.get("authorization");
  const cookie = headers.get("cookie");
  if (!authorization && !cookie) return undefined;
  return `${authorization ?? ""}\u0000${cookie ?? ""}`;
}

/**
 * Authentication through whichever plugin provides the authenticator service
 * (looked up per request, so it can be installed at runtime); without one,
 * every caller is anonymous. A signed-in caller's principal is remembered with
 * the access epoch read before the lookup, and reused until its session
 * expires; the request's statements then carry that epoch, so a logout, a
 * disabled user or a revoked key elsewhere in the cluster is refused by
 * Postgres at the next statement (`fresh` skips the memo).
 */
export function authenticateWith(services: ServiceRegistry, memo: AccessMemo, pool: Pool): Authenticate {
  return async (request, options) => {
    if (!services.has(authenticatorRef.id)) return anonymousPrincipal;
    const authenticator = services.get(authenticatorRef.id) as Authenticator;
    const credential = credentialOf(request.headers);
    if (credential === undefined) return (await authenticator.authenticate(request))?.principal ?? anonymousPrincipal;
    if (!options?.fresh) {
      const remembered = memo.principal(credential);
      if (remembered) return remembered.principal;
    }
    // Read before the lookup: a change committed in between leaves the memo behind, never ahead.
    const epoch = await currentAccessEpoch(pool);
    const authentication = await authenticator.authenticate(request);
    if (!authentication) return anonymousPrincipal;
    const until = authentication.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
    // The request itself runs on a copy: the remembered object carries the epoch, this one was just read.
    memo.rememberPrincipal(credential, { principal: { ...authentication.principal }, epoch, until });
    return authentication.principal;
  };
}

/** The cookie a signed-in browser session travels in, as the loaded authenticator names it. */
export const DEFAULT_SESSION_COOKIE = "checkstack_session";

export function sessionCookieNameOf(services: ServiceRegistry): string {
  if (!services.has(authenticatorRef.id)) return DEFAULT_SESSION_COOKIE;
  return (services.get(authenticatorRef.id) as Authenticator).sessionCookieName ?? DEFAULT_SESSION_COOKIE;
}
