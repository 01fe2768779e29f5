import type { Principal } from "./principal";
import { createServiceRef } from "./service-ref";

/** What the platform knows of the HTTP request being authenticated. */
export interface AuthenticationRequest {
  headers: Headers;
  /** The caller's address (the socket's, or the proxy's forwarded one when configured). */
  clientAddress: string | undefined;
}

/** Who presented the credentials, and until when they are good (a session's expiry; none for API keys). */
export interface Authentication {
  principal: Principal;
  expiresAt?: Date;
}

/**
 * Turns a request's credentials (session cookie, bearer key) into a principal.
 * Returns undefined when the request carries none (the caller is anonymous);
 * throws a typed 401 when it carries credentials that are not valid.
 * Provided by the auth plugin; until one is loaded every caller is anonymous.
 * The tables its answer comes from must be declared with
 * registerAccessChangeTable, so a revocation reaches every instance at once.
 */
export interface Authenticator {
  authenticate(request: AuthenticationRequest): Promise<Authentication | undefined>;
  /** The cookie a signed-in browser session travels in; the OpenAPI document names it in its security schemes. */
  sessionCookieName?: string;
}

/** The ref the auth plugin registers its Authenticator under; the platform asks it for every request. */
export const authenticatorRef = createServiceRef<Authenticator>("platform.authenticator");
