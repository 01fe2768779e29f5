import type { AccessDecider } from "./access-decider";
import type { Logger } from "./logger";
import type { Principal } from "./principal";

/** The context every procedure handler receives. */
export interface RpcContext {
  /** Echoed in error responses and logs, and recorded with audited writes. */
  requestId: string;
  /** The X-Request-Id the client sent, if any: recorded separately, since any client may send any value. */
  clientRequestId?: string;
  principal: Principal;
  /** The plugin whose router serves this call; unprefixed rule ids are qualified with it. */
  pluginId: string;
  access: AccessDecider;
  logger: Logger;
  /** The HTTP request's headers and address; absent for in-process calls. */
  request?: { headers: Headers; clientAddress: string | undefined };
  /** Headers added to the HTTP response (a login sets its cookie here); absent for in-process calls. */
  responseHeaders?: Headers;
}
