import { SESSION_COOKIE_NAME } from "@checkstack/auth-common";
import { UnauthorizedError, type Authentication, type AuthenticationRequest, type Authenticator, type Logger } from "@checkstack/backend-api";
import type { ApplicationService } from "./application-service";
import { readAuthorizationHeader } from "./authorization-header";
import { readSessionToken } from "./session-cookie";
import type { SessionService } from "./session-service";
import { isWellFormedSessionToken } from "./session-tokens";

export interface AuthenticatorServices {
  sessions: SessionService;
  applications: ApplicationService;
  logger: Logger;
}

const rejected = () => new UnauthorizedError("Invalid or revoked API key");

/**
 * Turns a request's credentials into a principal, with one database query:
 * - "Authorization: Bearer <key>": an application, or a 401 when the key is
 *   malformed, unknown or revoked (a client that sends a key wants it used);
 *   any other Authorization header (empty, another scheme, two credentials,
 *   trailing junk) is a 401 too, never anonymous;
 * - the session cookie: a user; an unknown or expired session, or a disabled
 *   user, makes the caller anonymous (browsers keep stale cookies);
 * - neither: anonymous (undefined).
 * The platform may reuse an answer only until its session expires and while no
 * declared access-change table has changed (sessions, users, applications).
 * The services arrive at init; until then every caller is anonymous and keys are refused.
 */
export function createAuthenticator(services: () => AuthenticatorServices | undefined): Authenticator {
  return {
    sessionCookieName: SESSION_COOKIE_NAME,
    async authenticate(request: AuthenticationRequest): Promise<Authentication | undefined> {
      const ready = services();
      const authorization = readAuthorizationHeader(request.headers.get("authorization"));
      if (authorization.kind === "malformed") throw new UnauthorizedError(`Malformed credentials: ${authorization.reason}`);
      if (authorization.kind === "bearer") {
        const key = authorization.token;
        if (!ready) throw new UnauthorizedError("Authentication is starting; try again shortly");
        const result = await ready.applications.check(key);
        if (result.ok) return { principal: result.principal };
        ready.logger.debug("API key refused", { reason: result.reason, clientAddress: request.clientAddress });
        throw rejected();
      }
      const token = readSessionToken(request.headers.get("cookie"));
      if (!token || !isWellFormedSessionToken(token) || !ready) return undefined;
      return ready.sessions.principalFor(token);
    },
  };
}
