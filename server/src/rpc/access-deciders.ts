import { denyAllAccessDecider, type AccessDecider, type Principal } from "@checkstack/backend-api";

/**
 * Until users, roles and grants exist, nobody but services can be shown to
 * hold an access rule, and autoAuthMiddleware lets services through without
 * rule checks. So every rule check a non-service principal reaches is denied:
 * the middleware must not admit what it cannot verify.
 */
export function accessDeciderFor(_principal: Principal): AccessDecider {
  return denyAllAccessDecider;
}
